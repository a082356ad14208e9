//! battery-tag (work in progress).
