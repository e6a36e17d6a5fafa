//! The progress spinner of long checks (on a terminal only).

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Run `work`, showing a progress bar of judged entries on stderr when stderr is a terminal and
/// the run lasts more than a second (never in pipes, CI logs or the report itself, nor with
/// `--no-progress` or `--quiet`).
pub fn with_progress<T>(done: &AtomicUsize, work: impl FnOnce() -> T + Send) -> T
where
    T: Send,
{
    if crate::output::no_progress()
        || !std::io::stderr().is_terminal()
        || std::env::var_os("CI").is_some()
    {
        return work();
    }
    let finished = AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let start = Instant::now();
            let mut bar: Option<indicatif::ProgressBar> = None;
            while !finished.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(100));
                let n = done.load(Ordering::Relaxed) as u64;
                match &bar {
                    None if start.elapsed() > Duration::from_secs(1) => {
                        let b = indicatif::ProgressBar::new_spinner();
                        b.set_style(
                            indicatif::ProgressStyle::with_template(
                                "{spinner} {elapsed} {pos} entries checked",
                            )
                            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
                        );
                        b.set_position(n);
                        bar = Some(b);
                    }
                    Some(b) => b.set_position(n),
                    None => {}
                }
            }
            if let Some(b) = bar {
                b.finish_and_clear();
            }
        });
        let out = work();
        finished.store(true, Ordering::Relaxed);
        out
    })
}
