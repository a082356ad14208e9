// The native token of battery-chain. Included both by the runtime and by its build script (the
// metadata hash commits to the symbol and decimals), so keep this file free of `use` statements.

/// Symbol of the native token, as shown by wallets.
pub const SYMBOL: &str = "BATT";
/// Decimals of the native token: 1 BATT = 10^12 plancks.
pub const DECIMALS: u8 = 12;
/// The three-letter code of the token where a record needs an ISO 4217 currency (OCPI charge
/// detail records). ISO 4217 leaves unassigned `X` codes to non-national units; `XEV` is not
/// assigned.
pub const CURRENCY_CODE: &str = "XEV";
/// SS58 address prefix of battery-chain accounts.
pub const SS58_PREFIX: u16 = 4242;
