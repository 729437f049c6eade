//! Uploads: the file a tool sends as one multipart/form-data part, from a local path or base64.
//!
//! Owns reading and checking the file before anything is sent: it must be a regular file, no
//! larger than the endpoint's limit (never reading more than the limit + 1 bytes), and of a type
//! the endpoint takes, judged by its content's magic bytes rather than its name. It must not send
//! anything (the client does) nor know a tool by name (declarations carry an [`UploadRule`]).

use std::io::Read;

use base64::Engine;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::client::FilePart;

/// The file argument of an upload tool: exactly one of `path` or `contentBase64`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Upload {
    /// Path of a local image file, read by this server
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The image's bytes in base64, for clients that cannot share a file
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_base64: Option<String>,
}

/// An image format, recognised by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImageType {
    Png,
    Jpeg,
    Gif,
    Ico,
    Svg,
}

impl ImageType {
    pub fn name(self) -> &'static str {
        match self {
            Self::Png => "PNG",
            Self::Jpeg => "JPEG",
            Self::Gif => "GIF",
            Self::Ico => "ICO",
            Self::Svg => "SVG",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Gif => "image/gif",
            Self::Ico => "image/x-icon",
            Self::Svg => "image/svg+xml",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Jpeg => "jpg",
            Self::Gif => "gif",
            Self::Ico => "ico",
            Self::Svg => "svg",
        }
    }

    /// The format the content is in, by its magic bytes (an SVG by its root element).
    pub fn detect(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            return Some(Self::Png);
        }
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            return Some(Self::Jpeg);
        }
        if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            return Some(Self::Gif);
        }
        if bytes.starts_with(&[0, 0, 1, 0]) && bytes.len() >= 22 {
            return Some(Self::Ico);
        }
        let head = &bytes[..bytes.len().min(1024)];
        let text = String::from_utf8_lossy(head);
        let text = text.trim_start_matches('\u{feff}').trim_start();
        if (text.starts_with("<svg") || text.starts_with("<?xml") || text.starts_with("<!--"))
            && text.contains("<svg")
        {
            return Some(Self::Svg);
        }
        None
    }
}

/// What an endpoint accepts, from its operation's description in Okta's spec.
#[derive(Debug, Clone, Copy)]
pub struct UploadRule {
    /// What the image is (`logo`): names the part's file, `logo.png`, and the errors.
    pub what: &'static str,
    pub types: &'static [ImageType],
    /// The largest file sent, in bytes.
    pub max_bytes: u64,
    /// How the limit reads in Okta's words (`less than 100 kB`).
    pub limit_text: &'static str,
    /// Square images at most this many pixels a side (favicons).
    pub square_max_px: Option<u32>,
}

impl UploadRule {
    fn allowed(&self) -> String {
        let names: Vec<&str> = self.types.iter().map(|t| t.name()).collect();
        match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => names.concat(),
        }
    }
}

/// Why a file is not sent. The text is what the model reads; it names the argument at fault.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum UploadError {
    #[error("pass exactly one of file.path (a local file) or file.contentBase64")]
    NoneOrBoth,
    // The path is the caller's own; it is not repeated (results must not depend on the machine).
    #[error("file.path: cannot open it: {0}")]
    Open(#[source] std::io::Error),
    #[error("file.path is {0}, not a regular file: pass the path of an image file")]
    NotRegular(&'static str),
    #[error("file.contentBase64 is not valid base64 ({0})")]
    Base64(#[source] base64::DecodeError),
    #[error("the file is empty")]
    Empty,
    #[error(
        "the {what} is larger than Okta accepts ({limit}; at most {max} bytes here): make it smaller and try again"
    )]
    TooLarge {
        what: &'static str,
        limit: &'static str,
        max: u64,
    },
    #[error("the {what} must be {allowed}; by its content this file is {found}")]
    WrongType {
        what: &'static str,
        allowed: String,
        found: &'static str,
    },
    #[error(
        "the {what} must be square and at most {max} x {max} pixels; this image is {width} x {height}"
    )]
    Dimensions {
        what: &'static str,
        max: u32,
        width: u32,
        height: u32,
    },
}

/// What the file system says a non-regular path is.
fn kind_of(ft: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO";
        }
        if ft.is_socket() {
            return "a socket";
        }
        if ft.is_block_device() || ft.is_char_device() {
            return "a device";
        }
    }
    if ft.is_dir() {
        "a directory"
    } else {
        "not a file"
    }
}

fn open(path: &str) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    // Opening a FIFO for reading waits for a writer; non-blocking, it opens at once and its
    // metadata refuses it. Regular files read the same either way.
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

fn read_path(path: &str, max: u64, rule: &UploadRule) -> Result<Vec<u8>, UploadError> {
    let open_err = UploadError::Open;
    let not_regular = |ft| UploadError::NotRegular(kind_of(ft));
    // Checked before opening too: a directory or device is refused without being opened.
    let before = std::fs::metadata(path).map_err(open_err)?;
    if !before.is_file() {
        return Err(not_regular(before.file_type()));
    }
    let file = open(path).map_err(open_err)?;
    let meta = file.metadata().map_err(open_err)?;
    if !meta.is_file() {
        return Err(not_regular(meta.file_type()));
    }
    if meta.len() > max {
        return Err(too_large(rule, max));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(open_err)?;
    Ok(bytes)
}

fn too_large(rule: &UploadRule, max: u64) -> UploadError {
    UploadError::TooLarge {
        what: rule.what,
        limit: rule.limit_text,
        max,
    }
}

fn decode(text: &str, max: u64, rule: &UploadRule) -> Result<Vec<u8>, UploadError> {
    let text: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    // Refused before decoding: base64 is 4 characters for every 3 bytes.
    if (text.len() as u64 / 4).saturating_mul(3) > max + 3 {
        return Err(too_large(rule, max));
    }
    base64::engine::general_purpose::STANDARD
        .decode(text.as_bytes())
        .map_err(UploadError::Base64)
}

/// Width and height, where the format says them in its header (PNG's IHDR, an ICO's first image).
fn dimensions(kind: ImageType, bytes: &[u8]) -> Option<(u32, u32)> {
    match kind {
        ImageType::Png => {
            let w = bytes.get(16..20)?;
            let h = bytes.get(20..24)?;
            Some((
                u32::from_be_bytes(w.try_into().ok()?),
                u32::from_be_bytes(h.try_into().ok()?),
            ))
        }
        ImageType::Ico => {
            // 0 means 256 in an ICO directory entry.
            let side = |b: u8| if b == 0 { 256 } else { u32::from(b) };
            Some((side(*bytes.get(6)?), side(*bytes.get(7)?)))
        }
        _ => None,
    }
}

/// The checked file, ready to be sent as the multipart part `field`.
pub fn load(upload: &Upload, rule: &UploadRule, field: &str) -> Result<FilePart, UploadError> {
    let max = rule.max_bytes;
    let bytes = match (&upload.path, &upload.content_base64) {
        (Some(path), None) => read_path(path, max, rule)?,
        (None, Some(text)) => decode(text, max, rule)?,
        _ => return Err(UploadError::NoneOrBoth),
    };
    if bytes.is_empty() {
        return Err(UploadError::Empty);
    }
    if bytes.len() as u64 > max {
        return Err(too_large(rule, max));
    }
    let found = ImageType::detect(&bytes);
    let Some(kind) = found.filter(|k| rule.types.contains(k)) else {
        return Err(UploadError::WrongType {
            what: rule.what,
            allowed: rule.allowed(),
            found: found.map_or("none of these", ImageType::name),
        });
    };
    if let Some(side) = rule.square_max_px
        && let Some((width, height)) = dimensions(kind, &bytes)
        && (width != height || width > side)
    {
        return Err(UploadError::Dimensions {
            what: rule.what,
            max: side,
            width,
            height,
        });
    }
    Ok(FilePart {
        field: field.to_owned(),
        filename: format!("{}.{}", rule.what.replace(' ', "-"), kind.extension()),
        content_type: kind.mime(),
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: UploadRule = UploadRule {
        what: "logo",
        types: &[ImageType::Png, ImageType::Jpeg, ImageType::Gif],
        max_bytes: 64,
        limit_text: "less than 64 bytes",
        square_max_px: None,
    };
    const FAVICON: UploadRule = UploadRule {
        what: "favicon",
        types: &[ImageType::Png, ImageType::Ico],
        max_bytes: 1024,
        limit_text: "1 kB",
        square_max_px: Some(512),
    };

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        b.extend_from_slice(&width.to_be_bytes());
        b.extend_from_slice(&height.to_be_bytes());
        b.extend_from_slice(&[8, 6, 0, 0, 0]);
        b
    }

    fn by_path(p: &std::path::Path) -> Upload {
        Upload {
            path: Some(p.to_string_lossy().into_owned()),
            content_base64: None,
        }
    }

    fn by_base64(bytes: &[u8]) -> Upload {
        Upload {
            path: None,
            content_base64: Some(base64::engine::general_purpose::STANDARD.encode(bytes)),
        }
    }

    #[test]
    fn a_png_file_becomes_a_named_part() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("whatever.bin");
        std::fs::write(&p, png(300, 50)).unwrap();
        let part = load(&by_path(&p), &RULE, "file").unwrap();
        assert_eq!(
            (
                part.field.as_str(),
                part.filename.as_str(),
                part.content_type
            ),
            ("file", "logo.png", "image/png")
        );
        assert_eq!(part.bytes, png(300, 50));
        let same = load(&by_base64(&png(300, 50)), &RULE, "file").unwrap();
        assert_eq!(same.bytes, part.bytes);
    }

    #[test]
    fn types_are_told_by_content() {
        assert_eq!(
            ImageType::detect(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(ImageType::Jpeg)
        );
        assert_eq!(ImageType::detect(b"GIF89a...."), Some(ImageType::Gif));
        assert_eq!(
            ImageType::detect(b"\xef\xbb\xbf<?xml version=\"1.0\"?>\n<svg xmlns=\"\"/>"),
            Some(ImageType::Svg)
        );
        assert_eq!(ImageType::detect(b"hello"), None);
        let svg = load(
            &by_base64(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            &RULE,
            "file",
        )
        .unwrap_err();
        assert_eq!(
            svg.to_string(),
            "the logo must be PNG, JPEG or GIF; by its content this file is SVG"
        );
        let text = load(&by_base64(b"just text"), &RULE, "file").unwrap_err();
        assert!(
            text.to_string().ends_with("this file is none of these"),
            "{text}"
        );
    }

    #[test]
    fn exactly_one_source() {
        let both = Upload {
            path: Some("/x".into()),
            content_base64: Some("AA==".into()),
        };
        let neither = Upload {
            path: None,
            content_base64: None,
        };
        for u in [both, neither] {
            assert!(matches!(
                load(&u, &RULE, "file"),
                Err(UploadError::NoneOrBoth)
            ));
        }
        assert!(matches!(
            load(
                &Upload {
                    path: None,
                    content_base64: Some("not base64!".into())
                },
                &RULE,
                "file"
            ),
            Err(UploadError::Base64(_))
        ));
        assert!(matches!(
            load(&by_base64(b""), &RULE, "file"),
            Err(UploadError::Empty)
        ));
    }

    #[test]
    fn oversized_files_are_refused_by_path_and_by_content() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.png");
        let mut big = png(1, 1);
        big.resize(65, 0);
        std::fs::write(&p, &big).unwrap();
        let e = load(&by_path(&p), &RULE, "file").unwrap_err();
        assert_eq!(
            e.to_string(),
            "the logo is larger than Okta accepts (less than 64 bytes; at most 64 bytes here): make it smaller and try again"
        );
        assert!(matches!(
            load(&by_base64(&big), &RULE, "file"),
            Err(UploadError::TooLarge { .. })
        ));
        big.resize(64, 0);
        assert!(load(&by_base64(&big), &RULE, "file").is_ok());
        // Far too large base64 is refused before it is decoded.
        let huge = Upload {
            path: None,
            content_base64: Some("A".repeat(10_000)),
        };
        assert!(matches!(
            load(&huge, &RULE, "file"),
            Err(UploadError::TooLarge { .. })
        ));
    }

    #[test]
    fn only_regular_files_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let e = load(&by_path(dir.path()), &RULE, "file").unwrap_err();
        assert!(
            e.to_string()
                .contains("file.path is a directory, not a regular file"),
            "{e}"
        );
        let missing = load(&by_path(&dir.path().join("nope.png")), &RULE, "file").unwrap_err();
        assert!(matches!(missing, UploadError::Open(_)));
        #[cfg(target_os = "linux")]
        {
            let dev = load(&by_path(std::path::Path::new("/dev/zero")), &RULE, "file").unwrap_err();
            assert!(dev.to_string().contains("is a device"), "{dev}");
        }
        #[cfg(unix)]
        {
            let fifo = dir.path().join("fifo");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status();
            if made.is_ok_and(|s| s.success()) {
                let e = load(&by_path(&fifo), &RULE, "file").unwrap_err();
                assert!(e.to_string().contains("is a FIFO"), "{e}");
            }
            let sock = dir.path().join("sock");
            let _listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
            let e = load(&by_path(&sock), &RULE, "file").unwrap_err();
            assert!(e.to_string().contains("is a socket"), "{e}");
        }
    }

    #[test]
    fn favicons_are_square_and_small() {
        assert!(load(&by_base64(&png(32, 32)), &FAVICON, "file").is_ok());
        let e = load(&by_base64(&png(64, 32)), &FAVICON, "file").unwrap_err();
        assert_eq!(
            e.to_string(),
            "the favicon must be square and at most 512 x 512 pixels; this image is 64 x 32"
        );
        assert!(load(&by_base64(&png(1024, 1024)), &FAVICON, "file").is_err());
        let gif = load(&by_base64(b"GIF89a\x01\0\x01\0"), &FAVICON, "file").unwrap_err();
        assert!(gif.to_string().contains("must be PNG or ICO"), "{gif}");
    }
}
