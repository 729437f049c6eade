//! A server process's resident memory as the OS counts it (`/proc/<pid>/status`), for the bench's
//! memory figure. Any field missing, unreadable or 0 is an error: the bench never prints a made-up 0.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

/// Resident memory of one process, KiB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Memory {
    /// The largest resident set since the process started (VmHWM).
    pub peak: u64,
    /// Resident now (VmRSS).
    pub now: u64,
    /// Resident pages mapped from files (RssFile): the binary's code and read-only data, libc.
    pub file: u64,
    /// Resident anonymous pages (RssAnon): heap, stacks, written data.
    pub anon: u64,
}

/// Why a process's memory could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MemoryError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("/proc/{pid}/status has no {field}, or it is 0")]
    Missing { pid: u32, field: &'static str },
    #[error("process {pid} runs {found}, not the server {expected}")]
    WrongProcess {
        pid: u32,
        found: PathBuf,
        expected: PathBuf,
    },
    #[error("the memory sampler thread panicked")]
    Sampler,
}

impl Memory {
    /// Reads `/proc/<pid>/status`.
    pub fn read(pid: u32) -> Result<Self, MemoryError> {
        let path = format!("/proc/{pid}/status");
        let status =
            std::fs::read_to_string(&path).map_err(|source| MemoryError::Read { path, source })?;
        Self::parse(pid, &status)
    }

    /// The fields of a `/proc/<pid>/status` text.
    pub fn parse(pid: u32, status: &str) -> Result<Self, MemoryError> {
        let kib = |field: &'static str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
                .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
                .filter(|kib| *kib > 0)
                .ok_or(MemoryError::Missing { pid, field })
        };
        Ok(Self {
            peak: kib("VmHWM")?,
            now: kib("VmRSS")?,
            file: kib("RssFile")?,
            anon: kib("RssAnon")?,
        })
    }
}

/// Fails unless process `pid` runs `binary`: the figure must be the server's own, not a wrapper's.
pub fn ensure_runs(pid: u32, binary: &Path) -> Result<(), MemoryError> {
    let path = format!("/proc/{pid}/exe");
    let found = std::fs::read_link(&path).map_err(|source| MemoryError::Read { path, source })?;
    let expected = binary.canonicalize().map_err(|source| MemoryError::Read {
        path: binary.display().to_string(),
        source,
    })?;
    if found == expected {
        Ok(())
    } else {
        Err(MemoryError::WrongProcess {
            pid,
            found,
            expected,
        })
    }
}

/// Reads a process's memory every `every` on a thread of its own, keeping the sample with the
/// largest resident set: its file/anonymous split is the closest the OS shows to the split at the
/// peak (VmHWM itself comes without one).
#[derive(Debug)]
pub struct Sampler {
    stop: Arc<AtomicBool>,
    handle: JoinHandle<Result<Memory, MemoryError>>,
}

impl Sampler {
    pub fn start(pid: u32, every: Duration) -> Result<Self, MemoryError> {
        let mut largest = Memory::read(pid)?;
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        let handle = std::thread::spawn(move || {
            while !stopped.load(Ordering::Relaxed) {
                let m = Memory::read(pid)?;
                if m.now > largest.now {
                    largest = m;
                }
                std::thread::sleep(every);
            }
            Ok(largest)
        });
        Ok(Self { stop, handle })
    }

    /// The sample with the largest resident set, its `peak` brought up to date.
    pub fn finish(self, pid: u32) -> Result<Memory, MemoryError> {
        self.stop.store(true, Ordering::Relaxed);
        let largest = self.handle.join().map_err(|_| MemoryError::Sampler)??;
        let last = Memory::read(pid)?;
        // The kernel sums its per-CPU RSS counters approximately: a sample's VmRSS can exceed a
        // later VmHWM by a few pages. Both are the OS's figures; the peak is at least either.
        Ok(Memory {
            peak: last.peak.max(largest.now),
            ..largest
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATUS: &str = "Name:\tokta-mcp\nVmPeak:\t  600000 kB\nVmHWM:\t   19500 kB\nVmRSS:\t   19000 kB\nRssAnon:\t    5000 kB\nRssFile:\t   14000 kB\nRssShmem:\t       0 kB\nThreads:\t1\n";

    #[test]
    fn reads_the_peak_and_the_split() {
        let m = Memory::parse(7, STATUS).unwrap();
        assert_eq!(
            m,
            Memory {
                peak: 19500,
                now: 19000,
                file: 14000,
                anon: 5000
            }
        );
    }

    #[test]
    fn a_missing_or_zero_field_is_an_error_not_a_zero() {
        let no_hwm = STATUS.replace("VmHWM:\t   19500 kB\n", "");
        assert!(matches!(
            Memory::parse(7, &no_hwm),
            Err(MemoryError::Missing { field: "VmHWM", .. })
        ));
        let zero_anon = STATUS.replace("    5000 kB", "       0 kB");
        assert!(matches!(
            Memory::parse(7, &zero_anon),
            Err(MemoryError::Missing {
                field: "RssAnon",
                ..
            })
        ));
    }

    #[test]
    fn reads_a_live_process_and_knows_what_it_runs() {
        let pid = std::process::id();
        let m = Memory::read(pid).unwrap();
        assert!(m.peak >= m.now && m.now >= m.anon, "{m:?}");
        let me = std::env::current_exe().unwrap();
        ensure_runs(pid, &me).unwrap();
        assert!(matches!(
            ensure_runs(pid, Path::new("/bin/sh")),
            Err(MemoryError::WrongProcess { .. })
        ));
    }

    #[test]
    fn a_gone_process_is_an_error() {
        // Beyond pid_max (at most 2^22 on Linux), so no process has it.
        assert!(matches!(
            Memory::read(u32::MAX),
            Err(MemoryError::Read { .. })
        ));
    }
}
