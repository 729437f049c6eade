//! multipart/form-data requests as a cassette records them: each part's field name, file name,
//! content type, size and the sha256 of its bytes (see fixtures/README.md).

use sha2::{Digest, Sha256};

use crate::cassette::FormPart;

/// The boundary of a `multipart/form-data` content type, or `None` for any other type.
pub fn boundary(content_type: &str) -> Option<String> {
    let mut params = content_type.split(';');
    let media = params.next()?.trim();
    if !media.eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| v.trim().trim_matches('"').to_owned())
    })
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// A `Content-Disposition` parameter (`name`, `filename`), unquoted.
fn disposition_param(value: &str, name: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        (k.trim() == name).then(|| v.trim().trim_matches('"').to_owned())
    })
}

/// The parts of a multipart/form-data body.
pub fn parse(content_type: &str, body: &[u8]) -> Result<Vec<FormPart>, String> {
    let boundary =
        boundary(content_type).ok_or_else(|| format!("not multipart/form-data: {content_type}"))?;
    let delimiter = format!("--{boundary}").into_bytes();
    let next_delimiter = format!("\r\n--{boundary}").into_bytes();
    let mut pos = find(body, &delimiter, 0).ok_or("no opening boundary")? + delimiter.len();
    let mut parts = Vec::new();
    loop {
        if body.get(pos..pos + 2) == Some(b"--") {
            return Ok(parts);
        }
        if body.get(pos..pos + 2) != Some(b"\r\n") {
            return Err("a boundary is not followed by CRLF".into());
        }
        pos += 2;
        let end = find(body, &next_delimiter, pos).ok_or("a part has no closing boundary")?;
        let part = &body[pos..end];
        let mut headers = [httparse::EMPTY_HEADER; 16];
        let (len, headers) = match httparse::parse_headers(part, &mut headers) {
            Ok(httparse::Status::Complete((len, headers))) => (len, headers),
            Ok(httparse::Status::Partial) => return Err("a part's headers are incomplete".into()),
            Err(e) => return Err(format!("a part's headers are malformed: {e}")),
        };
        let header = |name: &str| {
            headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case(name))
                .map(|h| String::from_utf8_lossy(h.value).into_owned())
        };
        let disposition =
            header("content-disposition").ok_or("a part has no Content-Disposition")?;
        let content = &part[len..];
        parts.push(FormPart {
            name: disposition_param(&disposition, "name").ok_or("a part has no name")?,
            filename: disposition_param(&disposition, "filename"),
            content_type: header("content-type"),
            size: content.len(),
            sha256: format!("{:x}", Sha256::digest(content)),
        });
        pos = end + next_delimiter.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_read_with_their_digest() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"logo.png\"\r\nContent-Type: image/png\r\n\r\nabc\r\n--XyZ--\r\n";
        let parts = parse("multipart/form-data; boundary=XyZ", body).unwrap();
        assert_eq!(
            parts,
            [FormPart {
                name: "file".into(),
                filename: Some("logo.png".into()),
                content_type: Some("image/png".into()),
                size: 3,
                sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad".into(),
            }]
        );
        assert!(parse("application/json", body).is_err());
        assert!(parse("multipart/form-data; boundary=Other", body).is_err());
    }
}
