//! `runserver [ADDR:PORT]`: migrate if needed, bind, print Django's startup banner with the
//! address actually bound (so `127.0.0.1:0` reports the port it got), serve until Ctrl-C/SIGTERM.

use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use tokio::net::TcpListener;

use super::{CommandError, Project, connect, migrate, redact};

/// Django's `DEFAULT_ADDR:DEFAULT_PORT`.
const DEFAULT_ADDRPORT: &str = "127.0.0.1:8000";

/// Runs the development server.
pub(crate) async fn run<P: Project>(addrport: Option<&str>) -> Result<(), CommandError> {
    let addr = parse_addrport(addrport.unwrap_or(DEFAULT_ADDRPORT)).await?;
    let db = connect().await?;
    migrate::apply::<P>(&db, false).await?;
    let listener = TcpListener::bind(addr).await.map_err(bind_error)?;
    let bound = listener.local_addr().map_err(bind_error)?;
    let app = P::app(&db).await?;
    let shown = match bound.ip() {
        IpAddr::V6(ip) => format!("[{ip}]:{}", bound.port()),
        IpAddr::V4(ip) => format!("{ip}:{}", bound.port()),
    };
    println!("{}", chrono::Local::now().format("%B %d, %Y - %H:%M:%S"));
    println!("restframe version {}, using database {}", env!("CARGO_PKG_VERSION"), redact(&crate::db::database_url()));
    println!("Starting development server at http://{shown}/");
    println!("Quit the server with CONTROL-C.");
    P::serve(listener, Arc::new(app)).await
}

/// Django's `naiveip_re`: `PORT`, `IPV4:PORT`, `[IPV6]:PORT` or `HOSTNAME:PORT`.
async fn parse_addrport(addrport: &str) -> Result<SocketAddr, CommandError> {
    let invalid = || CommandError::new(format!("\"{addrport}\" is not a valid port number or address:port pair."));
    let (host, port) = match addrport.rsplit_once(':') {
        Some((host, port)) => (host, port),
        None => ("127.0.0.1", addrport),
    };
    if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    let port: u16 = port.parse().map_err(|_| invalid())?;
    if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        let ip: IpAddr = v6.parse().map_err(|_| invalid())?;
        return Ok(SocketAddr::new(ip, port));
    }
    if let Ok(ip) = host.parse::<IpAddr>() {
        return Ok(SocketAddr::new(ip, port));
    }
    let hostname_ok = !host.is_empty()
        && host
            .split('.')
            .all(|label| !label.is_empty() && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    if !hostname_ok {
        return Err(invalid());
    }
    let mut resolved = tokio::net::lookup_host((host, port))
        .await
        .map_err(|_| CommandError::error("That IP address can't be assigned to."))?;
    resolved.next().ok_or_else(|| CommandError::error("That IP address can't be assigned to."))
}

/// runserver's messages for the usual bind failures.
fn bind_error(err: io::Error) -> CommandError {
    match err.kind() {
        io::ErrorKind::AddrInUse => CommandError::error("That port is already in use."),
        io::ErrorKind::PermissionDenied => CommandError::error("You don't have permission to access that port."),
        io::ErrorKind::AddrNotAvailable => CommandError::error("That IP address can't be assigned to."),
        _ => CommandError::error(err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn addrport_forms_follow_django() {
        let ok = |s: &str| s.parse::<SocketAddr>().expect("valid test address");
        assert_eq!(parse_addrport("8001").await.expect("port only").to_string(), ok("127.0.0.1:8001").to_string());
        assert_eq!(parse_addrport("0.0.0.0:80").await.expect("ipv4").to_string(), "0.0.0.0:80");
        assert_eq!(parse_addrport("[::1]:9000").await.expect("ipv6").to_string(), "[::1]:9000");
        for bad in ["", "abc", "127.0.0.1:", "1.2.3.4:port", "[zz]:80", "host name:80", "127.0.0.1:70000", ":80"] {
            let err = parse_addrport(bad).await.expect_err(bad).to_string();
            assert_eq!(err, format!("CommandError: \"{bad}\" is not a valid port number or address:port pair."));
        }
    }
}
