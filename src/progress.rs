//! Progress for long commands: nothing for the first second, then a spinner
//! with a count on stderr, only when stderr is a terminal. Scripts and pipes
//! never see it.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

/// How long a command runs before its progress shows.
const QUIET_FOR: Duration = Duration::from_secs(1);

/// A command's progress; finished and cleared when dropped.
pub struct Progress {
    bar: ProgressBar,
    done: Arc<AtomicBool>,
    watcher: Option<JoinHandle<()>>,
}

impl Progress {
    /// Starts measuring; `message` names what is being done.
    pub fn start(message: impl Into<String>) -> Progress {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} {human_pos} {elapsed}")
                .expect("a valid template"),
        );
        bar.set_message(message.into());
        let done = Arc::new(AtomicBool::new(false));
        let watcher = std::io::stderr().is_terminal().then(|| {
            let (bar, done) = (bar.clone(), done.clone());
            std::thread::spawn(move || {
                let step = Duration::from_millis(50);
                let mut waited = Duration::ZERO;
                while waited < QUIET_FOR {
                    if done.load(Ordering::Relaxed) {
                        return;
                    }
                    std::thread::sleep(step);
                    waited += step;
                }
                bar.set_draw_target(ProgressDrawTarget::stderr());
                bar.enable_steady_tick(Duration::from_millis(120));
            })
        });
        Progress { bar, done, watcher }
    }

    pub fn set_message(&self, message: impl Into<String>) {
        self.bar.set_message(message.into());
    }

    /// Counts `n` more items (rows read, records written).
    pub fn inc(&self, n: u64) {
        self.bar.inc(n);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(watcher) = self.watcher.take() {
            let _ = watcher.join();
        }
        self.bar.finish_and_clear();
    }
}
