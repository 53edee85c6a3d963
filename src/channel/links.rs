//! Which links a message may carry: a `url` value is an `https://` URL (no user info,
//! only RFC 3986 characters, a real port) on one of the catalog's allowed hosts. (Links
//! written in templates are checked by `lint` against the same hosts; a market may take
//! none by SMS, see `market`.)

use crate::catalog::model::LinkRules;
use crate::error::{Error, ErrorKind};

/// The host of an `https://` URL, lower-cased; `None` if it is not one. A URL with
/// user info (`https://official.example@evil.example/`) is refused outright: it is a
/// classic way to make a link look official.
pub fn url_host(url: &str) -> Option<String> {
    // Only the characters RFC 3986 allows, so a value cannot smuggle a space, a line
    // break or a bidi control (and text after it) into an official message.
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&b);
    if !url.bytes().all(allowed) {
        return None;
    }
    let rest = url
        .get(..8)
        .filter(|p| p.eq_ignore_ascii_case("https://"))
        .map(|_| &url[8..])?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') || authority.is_empty() {
        return None;
    }
    let host = match authority.rsplit_once(':') {
        // A port is a number a browser accepts: at most 65535.
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => {
            if !port.is_empty() && port.parse::<u16>().is_err() {
                return None;
            }
            h
        }
        _ => authority,
    };
    let valid = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        && !host.starts_with('.')
        && !host.ends_with('.');
    valid.then(|| host.to_ascii_lowercase())
}

/// The `link_not_allowed` error of a link to `host` at `path`, unless the catalog
/// allows the host.
pub fn not_allowed(links: &LinkRules, host: &str, path: &str) -> Option<Error> {
    (!links.allows(host)).then(|| {
        Error::new(
            ErrorKind::LinkNotAllowed,
            format!(
                "`{path}` links to `{host}`, which is not an allowed host ({})",
                links.allowed_hosts.join(", ")
            ),
        )
        .with_path(path)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_ports_are_real_ports() {
        assert_eq!(
            url_host("https://x.example:443/a").as_deref(),
            Some("x.example")
        );
        assert_eq!(url_host("https://x.example:99999/a"), None);
        assert_eq!(url_host("https://x.example:65536/"), None);
    }

    #[test]
    fn url_hosts() {
        assert_eq!(
            url_host("https://www.Example.com/a").as_deref(),
            Some("www.example.com")
        );
        assert_eq!(url_host("https://a.com:8443").as_deref(), Some("a.com"));
        assert_eq!(url_host("https://a.com@b.com"), None);
        assert_eq!(url_host("https://a b.com"), None);
        assert_eq!(url_host("http://a.com"), None);
        assert_eq!(url_host("https://a.com/\nCall 4008001234"), None);
        assert_eq!(url_host("https://a.com/ evil.com/login"), None);
        assert_eq!(url_host("https://a.com/\u{202E}x"), None);
    }
}
