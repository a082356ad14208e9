// The native token of battery-chain. Included both by the runtime and by its build script (the
// metadata hash commits to the symbol and decimals), so keep this file free of `use` statements.

/// Symbol of the native token, as shown by wallets.
pub const SYMBOL: &str = "BATT";
/// Decimals of the native token: 1 BATT = 10^12 plancks.
pub const DECIMALS: u8 = 12;
/// SS58 address prefix of battery-chain accounts.
pub const SS58_PREFIX: u16 = 4242;
