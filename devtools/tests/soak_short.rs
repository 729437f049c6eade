//! A short soak (see `devtools::soak` and docs/reliability.md): 300 calls with 10% of requests
//! faulted, through the real servers; no crash, no hung call, no POST applied twice, no wrong success.

use devtools::soak::{SoakConfig, run};

#[allow(
    clippy::print_stdout,
    reason = "the table is shown in the test's captured output"
)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_short_soak_has_no_crash_hang_or_duplicate_post() {
    let cfg = SoakConfig {
        calls: 300,
        concurrency: 8,
        fault_share: 0.1,
        seed: 7,
        ..SoakConfig::default()
    };
    let report = run(&cfg).await.expect("soak ran");
    let table = report.table();
    println!("{table}");
    assert_eq!(report.crashes, 0, "{table}");
    assert_eq!(report.hung, 0, "{table}");
    assert_eq!(report.duplicate_posts, 0, "{table}");
    assert_eq!(report.wrong_successes, 0, "{table}");
    assert_eq!(report.protocol_errors, 0, "{table}");
    assert_eq!(report.successes + report.errors, report.calls, "{table}");
    // The faults happened and were retried.
    assert!(
        report.faults_injected > 0 && report.retries() > 0,
        "{table}"
    );
    assert!(
        report.peak_rss_kib.iter().all(|(_, kib)| *kib > 0),
        "{table}"
    );
}
