//! One connection, one request: read it (httparse), fault it or forward it to the org, write the
//! answer back with `Connection: close`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, oneshot};

use super::{Fault, Outcome, ProxyInner, SeenRequest, TAG_HEADER, WireFault};
use crate::faults::http::large_json;

/// The most a request head may be; hostile tests send megabyte paths.
const MAX_HEAD: usize = 8 * 1024 * 1024;
/// The most headers a request or an answer may carry; the servers and wiremock send a dozen.
const MAX_HEADERS: usize = 128;

pub(super) async fn accept_loop(
    mut listener: TcpListener,
    addr: SocketAddr,
    inner: Arc<ProxyInner>,
    mut control: mpsc::UnboundedReceiver<(Duration, oneshot::Sender<()>)>,
) {
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                if let Ok((stream, _)) = accepted {
                    tokio::spawn(handle_connection(stream, inner.clone()));
                }
            }
            cmd = control.recv() => {
                let Some((pause, ack)) = cmd else { return };
                drop(listener);
                let _ = ack.send(());
                tokio::time::sleep(pause).await;
                // SO_REUSEADDR (set by tokio on Unix) lets the port be taken again at once.
                listener = loop {
                    match TcpListener::bind(addr).await {
                        Ok(l) => break l,
                        Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
                    }
                };
            }
        }
    }
}

/// A request head as received.
struct Head {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
}

impl Head {
    fn content_length(&self) -> usize {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse::<usize>().ok())
            .unwrap_or(0)
    }
}

/// The head in `buf`, and where it ends; None while it is incomplete. Err for a malformed head.
fn parse_head(buf: &[u8]) -> Result<Option<(Head, usize)>, ()> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut headers);
    let end = match req.parse(buf).map_err(drop)? {
        httparse::Status::Complete(n) => n,
        httparse::Status::Partial => return Ok(None),
    };
    let (Some(method), Some(target)) = (req.method, req.path) else {
        return Err(());
    };
    let headers = req
        .headers
        .iter()
        .map(|h| {
            let value = std::str::from_utf8(h.value).map_err(drop)?;
            Ok((h.name.to_owned(), value.trim().to_owned()))
        })
        .collect::<Result<_, ()>>()?;
    let head = Head {
        method: method.to_owned(),
        target: target.to_owned(),
        headers,
    };
    Ok(Some((head, end)))
}

/// Reads one request: head and `Content-Length` body.
async fn read_request(stream: &mut TcpStream) -> Option<(Head, Vec<u8>)> {
    let mut buf = Vec::with_capacity(4096);
    let (head, end) = loop {
        if let Some(parsed) = parse_head(&buf).ok()? {
            break parsed;
        }
        if buf.len() > MAX_HEAD {
            return None;
        }
        let mut chunk = vec![0u8; 64 * 1024];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let len = head.content_length();
    let mut body = buf[end..].to_vec();
    while body.len() < len {
        let mut chunk = vec![0u8; (len - body.len()).min(256 * 1024)];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    body.truncate(len);
    Some((head, body))
}

async fn handle_connection(mut client: TcpStream, inner: Arc<ProxyInner>) {
    let Some((head, body)) = read_request(&mut client).await else {
        return;
    };
    let (path, query) = match head.target.split_once('?') {
        Some((p, q)) => (p.to_owned(), q.to_owned()),
        None => (head.target.clone(), String::new()),
    };
    let fault = inner.choose(&head.method, &path, &body);
    let received = Instant::now();
    let index = inner.record(SeenRequest {
        method: head.method.clone(),
        path,
        query,
        headers: head.headers.clone(),
        body: body.clone(),
        fault: fault.as_ref().map(Fault::name),
        outcome: Outcome::Pending,
        at: received,
    });
    let tag = match fault {
        Some(Fault::Wire(w)) => {
            wire_fault(&mut client, w).await;
            inner.set_outcome(index, Outcome::Dropped);
            return;
        }
        Some(Fault::Http(h)) => Some(inner.tag(h)),
        None => None,
    };
    let outcome = forward(&mut client, &inner, &head, &body, tag, received).await;
    inner.set_outcome(index, outcome);
}

async fn wire_fault(client: &mut TcpStream, fault: WireFault) {
    match fault {
        WireFault::DropMidBody => {
            let partial = br#"{"id":"00ub0oNGTSWTBKOLGLNR","status":"ACTIVE","profile":{"login""#;
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4096\r\nConnection: close\r\n\r\n";
            let _ = client.write_all(head.as_bytes()).await;
            let _ = client.write_all(partial).await;
            let _ = client.flush().await;
        }
        WireFault::CloseBeforeAnswer => {}
        WireFault::CloseAfterHeaders => {
            let head = "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 512\r\nConnection: close\r\n\r\n";
            let _ = client.write_all(head.as_bytes()).await;
            let _ = client.flush().await;
        }
        WireFault::LargeChunked { bytes } => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
            if client.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let body = large_json(bytes);
            for piece in body.chunks(64 * 1024) {
                let mut chunk = format!("{:x}\r\n", piece.len()).into_bytes();
                chunk.extend_from_slice(piece);
                chunk.extend_from_slice(b"\r\n");
                if client.write_all(&chunk).await.is_err() {
                    return;
                }
            }
            let _ = client.write_all(b"0\r\n\r\n").await;
        }
    }
    let _ = client.shutdown().await;
}

/// The org's answer with its hop-by-hop headers dropped and `connection: close`; and its status.
fn rewrite_answer(answer: &[u8]) -> Result<(u16, Vec<u8>), String> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut resp = httparse::Response::new(&mut headers);
    let end = match resp.parse(answer) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Err("no answer head".into()),
        Err(e) => return Err(format!("bad answer head: {e}")),
    };
    let status = resp.code.unwrap_or(0);
    let mut out = format!(
        "HTTP/1.{} {status} {}\r\n",
        resp.version.unwrap_or(1),
        resp.reason.unwrap_or("")
    )
    .into_bytes();
    for h in resp.headers.iter().filter(|h| !is_hop_header(h.name)) {
        out.extend_from_slice(h.name.as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(h.value);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"connection: close\r\n\r\n");
    out.extend_from_slice(&answer[end..]);
    Ok((status, out))
}

/// Forwards one request to the org and its answer back, noticing a client that leaves first.
async fn forward(
    client: &mut TcpStream,
    inner: &ProxyInner,
    head: &Head,
    body: &[u8],
    tag: Option<usize>,
    received: Instant,
) -> Outcome {
    let mut upstream = match TcpStream::connect(inner.upstream).await {
        Ok(s) => s,
        Err(e) => return Outcome::UpstreamFailed(e.to_string()),
    };
    let mut out = format!("{} {} HTTP/1.1\r\n", head.method, head.target);
    for (k, v) in &head.headers {
        if is_hop_header(k) || k.eq_ignore_ascii_case(TAG_HEADER) {
            continue;
        }
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(t) = tag {
        out.push_str(&format!("{TAG_HEADER}: {t}\r\n"));
    }
    out.push_str("Connection: close\r\n\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    if let Err(e) = upstream.write_all(&bytes).await {
        return Outcome::UpstreamFailed(e.to_string());
    }

    let mut answer = Vec::new();
    let mut probe = [0u8; 512];
    loop {
        tokio::select! {
            r = upstream.read_buf(&mut answer) => match r {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) => return Outcome::UpstreamFailed(e.to_string()),
            },
            r = client.read(&mut probe) => match r {
                // The client gave up (timeout, cancellation): say when, and stop waiting for the org.
                Ok(0) | Err(_) => return Outcome::ClientClosed { after: received.elapsed() },
                Ok(_) => {}
            },
        }
    }
    let (status, reply) = match rewrite_answer(&answer) {
        Ok(r) => r,
        Err(e) => return Outcome::UpstreamFailed(e),
    };
    if client.write_all(&reply).await.is_err() {
        return Outcome::ClientClosed {
            after: received.elapsed(),
        };
    }
    let _ = client.shutdown().await;
    Outcome::Answered(status)
}

fn is_hop_header(name: &str) -> bool {
    ["connection", "keep-alive", "proxy-connection"]
        .iter()
        .any(|h| name.trim().eq_ignore_ascii_case(h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_are_parsed_once_complete() {
        let raw = b"POST /api/v1/users?activate=false HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\n{\"a\":1}";
        assert!(matches!(parse_head(&raw[..20]), Ok(None)));
        let (head, end) = parse_head(raw).unwrap().unwrap();
        assert_eq!(head.method, "POST");
        assert_eq!(head.target, "/api/v1/users?activate=false");
        assert_eq!(head.content_length(), 7);
        assert_eq!(&raw[end..], b"{\"a\":1}");
        assert!(parse_head(b"NOT HTTP\r\n\r\n").is_err());
    }

    #[test]
    fn answers_lose_hop_headers_and_close() {
        let answer = b"HTTP/1.1 429 Too Many Requests\r\nconnection: keep-alive\r\nretry-after: 1\r\ncontent-length: 2\r\n\r\n{}";
        let (status, out) = rewrite_answer(answer).unwrap();
        assert_eq!(status, 429);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "HTTP/1.1 429 Too Many Requests\r\nretry-after: 1\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}"
        );
        assert!(rewrite_answer(b"HTTP/1.1 200 OK\r\n").is_err());
    }
}
