//! The chain over JSON-RPC: `state_call` of the `BatteryApi` runtime API on a node, through a
//! minimal HTTP/1.1 client on `std::net::TcpStream` (no async runtime, no TLS: point it at a
//! local node or an HTTP endpoint in front of one).
//!
//! Contract: `state_call("BatteryApi_passport", "0x" + hex(SCALE(id: Vec<u8>)))` returns
//! `"0x" + hex(SCALE(Option<PassportView<AccountId32, u32>>))`.

use crate::{Chain, Passport};
use battery_primitives::battery::{from_hex, to_hex};
use codec::{Decode, Encode};
use std::{
	io::{Read, Write},
	net::{TcpStream, ToSocketAddrs},
	time::Duration,
};

/// Runtime API method that returns a passport.
pub const PASSPORT_METHOD: &str = "BatteryApi_passport";

/// A node's JSON-RPC endpoint, `http://host:port[/path]`.
pub struct RpcChain {
	host: String,
	port: u16,
	path: String,
	timeout: Duration,
}

impl RpcChain {
	/// Parse `url` (`http://` only; `ws://` is accepted and spoken to over HTTP, which a
	/// Substrate node serves on the same port).
	pub fn new(url: &str) -> Result<Self, String> {
		let rest = url
			.strip_prefix("http://")
			.or_else(|| url.strip_prefix("ws://"))
			.ok_or_else(|| format!("unsupported RPC URL {url} (use http://host:port)"))?;
		let (authority, path) = match rest.find('/') {
			Some(at) => (&rest[..at], &rest[at..]),
			None => (rest, "/"),
		};
		let (host, port) = match authority.rsplit_once(':') {
			Some((host, port)) => {
				(host, port.parse().map_err(|_| format!("bad port in RPC URL {url}"))?)
			},
			None => (authority, 80),
		};
		if host.is_empty() {
			return Err(format!("no host in RPC URL {url}"));
		}
		Ok(Self {
			host: host.to_string(),
			port,
			path: path.to_string(),
			timeout: Duration::from_secs(20),
		})
	}

	/// Call the JSON-RPC `method` with `params`; the `result` field.
	pub fn call(
		&self,
		method: &str,
		params: serde_json::Value,
	) -> Result<serde_json::Value, String> {
		let body =
			serde_json::json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params })
				.to_string();
		let address = (self.host.as_str(), self.port)
			.to_socket_addrs()
			.map_err(|e| format!("cannot resolve {}: {e}", self.host))?
			.next()
			.ok_or_else(|| format!("cannot resolve {}", self.host))?;
		let mut stream = TcpStream::connect_timeout(&address, self.timeout)
			.map_err(|e| format!("cannot connect to {}:{}: {e}", self.host, self.port))?;
		stream.set_read_timeout(Some(self.timeout)).map_err(|e| e.to_string())?;
		stream.set_write_timeout(Some(self.timeout)).map_err(|e| e.to_string())?;
		let request = format!(
			"POST {} HTTP/1.1\r\nHost: {}:{}\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
			self.path,
			self.host,
			self.port,
			body.len(),
			body
		);
		stream.write_all(request.as_bytes()).map_err(|e| format!("RPC write failed: {e}"))?;
		let mut response = Vec::new();
		stream.read_to_end(&mut response).map_err(|e| format!("RPC read failed: {e}"))?;
		let body = http_body(&response)?;
		let reply: serde_json::Value =
			serde_json::from_slice(&body).map_err(|e| format!("RPC reply is not JSON: {e}"))?;
		if let Some(error) = reply.get("error") {
			return Err(format!("RPC error: {error}"));
		}
		reply.get("result").cloned().ok_or_else(|| "RPC reply without result".to_string())
	}

	/// `state_call` of runtime API `method` with SCALE-encoded `args` at block `at` (a `0x`
	/// hash; the best block if `None`); the SCALE-encoded result.
	pub fn state_call(
		&self,
		method: &str,
		args: &[u8],
		at: Option<&str>,
	) -> Result<Vec<u8>, String> {
		let params = match at {
			Some(at) => serde_json::json!([method, to_hex(args), at]),
			None => serde_json::json!([method, to_hex(args)]),
		};
		let result = self.call("state_call", params)?;
		let text = result.as_str().ok_or("state_call result is not a string")?;
		from_hex(text).ok_or_else(|| "state_call result is not hex".to_string())
	}

	/// Runtime API `method` with SCALE-encoded `args` at block `at` (the best if `None`), its
	/// answer decoded.
	pub fn runtime_api<T: Decode>(
		&self,
		method: &str,
		args: &[u8],
		at: Option<&str>,
	) -> Result<T, String> {
		let bytes = self.state_call(method, args, at)?;
		T::decode(&mut &bytes[..]).map_err(|e| format!("{method} answer does not decode: {e}"))
	}
}

impl Chain for RpcChain {
	fn passport(&self, id: &[u8]) -> Result<Option<Passport>, String> {
		self.runtime_api(PASSPORT_METHOD, &id.to_vec().encode(), None)
	}
}

/// The body of an HTTP/1.1 response with status 200 (plain or chunked).
fn http_body(response: &[u8]) -> Result<Vec<u8>, String> {
	let split =
		response.windows(4).position(|w| w == b"\r\n\r\n").ok_or("RPC reply is not HTTP")?;
	let head = String::from_utf8_lossy(&response[..split]);
	let body = &response[split + 4..];
	let status = head.lines().next().unwrap_or_default();
	if status.split_whitespace().nth(1) != Some("200") {
		return Err(format!("RPC endpoint answered {status}"));
	}
	let chunked = head.lines().any(|line| {
		let line = line.to_ascii_lowercase();
		line.starts_with("transfer-encoding:") && line.contains("chunked")
	});
	if !chunked {
		return Ok(body.to_vec());
	}
	let mut out = Vec::new();
	let mut rest = body;
	loop {
		let end = rest.windows(2).position(|w| w == b"\r\n").ok_or("bad chunked body")?;
		let size_text = String::from_utf8_lossy(&rest[..end]);
		let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
			.map_err(|_| "bad chunk size")?;
		rest = &rest[end + 2..];
		if size == 0 {
			return Ok(out);
		}
		out.extend_from_slice(rest.get(..size).ok_or("truncated chunk")?);
		rest = rest.get(size + 2..).ok_or("truncated chunk")?;
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn urls() {
		let chain = RpcChain::new("http://127.0.0.1:9944").unwrap();
		assert_eq!(
			(chain.host.as_str(), chain.port, chain.path.as_str()),
			("127.0.0.1", 9944, "/")
		);
		let chain = RpcChain::new("ws://node.local/rpc").unwrap();
		assert_eq!(
			(chain.host.as_str(), chain.port, chain.path.as_str()),
			("node.local", 80, "/rpc")
		);
		assert!(RpcChain::new("https://x").is_err());
		assert!(RpcChain::new("http://:9944").is_err());
	}

	#[test]
	fn http_bodies() {
		assert_eq!(http_body(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}").unwrap(), b"{}");
		let chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n{\"a\r\n4\r\n\":1}\r\n0\r\n\r\n";
		assert_eq!(http_body(chunked).unwrap(), b"{\"a\":1}");
		assert!(http_body(b"HTTP/1.1 500 Internal\r\n\r\n").is_err());
	}
}
