//! Essential tasks that end because the node is shutting down are not failures.
//!
//! The transaction pool runs its background work as essential tasks: when one ends, the service
//! logs `Essential task … failed` and stops. On SIGTERM or Ctrl-C the task manager tells every task
//! to stop and drops the node's components; the pool's tasks see their channels close and may end
//! on their own just before they are told to stop, which logged a failure on every clean exit.
//! [`EssentialUnlessStopping`] spawns essential tasks that, when they end, first wait (up to
//! [`GRACE`]) for the task manager's exit signal: during a shutdown they are simply stopped; at
//! any other time their end is the failure it always was, reported [`GRACE`] later.

use futures::{
	channel::oneshot,
	future::{self, BoxFuture, FutureExt, Shared},
};
use sc_service::{SpawnEssentialTaskHandle, TaskManager};
use sp_core::traits::SpawnEssentialNamed;
use std::time::Duration;

/// How long an essential task that ended waits for the node's exit signal.
pub const GRACE: Duration = Duration::from_secs(2);

/// Spawns essential tasks whose end during a shutdown is not reported as a failure.
#[derive(Clone)]
pub struct EssentialUnlessStopping {
	essential: SpawnEssentialTaskHandle,
	/// Resolves (cancelled) once the task manager signalled exit.
	stopping: Shared<oneshot::Receiver<()>>,
}

impl EssentialUnlessStopping {
	/// Spawner for `task_manager`'s essential tasks.
	pub fn new(task_manager: &TaskManager) -> Self {
		let (guard, stopping) = oneshot::channel::<()>();
		// An ordinary task never ends by itself: the exit signal cancels it, dropping `guard`.
		task_manager.spawn_handle().spawn("shutdown-watch", None, async move {
			let _guard = guard;
			future::pending::<()>().await
		});
		Self { essential: task_manager.spawn_essential_handle(), stopping: stopping.shared() }
	}

	fn wrap(&self, task: BoxFuture<'static, ()>) -> BoxFuture<'static, ()> {
		quiet_if_stopping(task, self.stopping.clone(), GRACE)
	}
}

/// `task`, then: when `stopping` resolves within `grace`, pending forever (the task manager stops
/// it with every other task); otherwise done, which the essential task's wrapper reports.
fn quiet_if_stopping(
	task: BoxFuture<'static, ()>,
	stopping: Shared<oneshot::Receiver<()>>,
	grace: Duration,
) -> BoxFuture<'static, ()> {
	async move {
		task.await;
		let grace = futures_timer::Delay::new(grace);
		if let future::Either::Left(_) = future::select(stopping, grace).await {
			future::pending::<()>().await
		}
	}
	.boxed()
}

impl SpawnEssentialNamed for EssentialUnlessStopping {
	fn spawn_essential_blocking(
		&self,
		name: &'static str,
		group: Option<&'static str>,
		future: BoxFuture<'static, ()>,
	) {
		self.essential.spawn_essential_blocking(name, group, self.wrap(future))
	}

	fn spawn_essential(
		&self,
		name: &'static str,
		group: Option<&'static str>,
		future: BoxFuture<'static, ()>,
	) {
		self.essential.spawn_essential(name, group, self.wrap(future))
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use futures::executor::block_on;

	const SHORT: Duration = Duration::from_millis(50);

	/// Whether `future` is done within a second.
	fn ends(future: BoxFuture<'static, ()>) -> bool {
		let deadline = futures_timer::Delay::new(Duration::from_secs(1));
		matches!(block_on(future::select(future, deadline)), future::Either::Left(_))
	}

	#[test]
	fn a_task_ending_while_the_node_runs_still_ends_after_the_grace() {
		let (_running, stopping) = oneshot::channel::<()>();
		assert!(ends(quiet_if_stopping(async {}.boxed(), stopping.shared(), SHORT)));
	}

	#[test]
	fn a_task_ending_at_shutdown_waits_to_be_stopped() {
		let (signal, stopping) = oneshot::channel::<()>();
		drop(signal);
		assert!(!ends(quiet_if_stopping(async {}.boxed(), stopping.shared(), SHORT)));
	}

	#[test]
	fn a_task_ending_just_before_the_shutdown_waits_to_be_stopped() {
		let (signal, stopping) = oneshot::channel::<()>();
		let task = quiet_if_stopping(async {}.boxed(), stopping.shared(), Duration::from_secs(5));
		std::thread::spawn(move || {
			std::thread::sleep(SHORT);
			drop(signal);
		});
		assert!(!ends(task));
	}

	#[test]
	fn a_running_task_is_not_affected() {
		let (signal, stopping) = oneshot::channel::<()>();
		drop(signal);
		let (_open, closed) = oneshot::channel::<()>();
		let task = async move {
			let _ = closed.await;
		}
		.boxed();
		assert!(!ends(quiet_if_stopping(task, stopping.shared(), SHORT)));
	}
}
