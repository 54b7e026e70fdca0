//! The extractor run for the servers: a text of the maximum size written to be hard to read
//! (a clause or a reference back on every line) takes the extractor seconds of one core, so it
//! runs on a blocking thread, never on the threads that serve requests, and one text at a
//! time, so that a few such requests at once cannot take every core from the others.

use chrono::NaiveDate;
use tokio::sync::Semaphore;

use crate::extract::{extract, Draft};

/// One text is read at a time.
static READING: Semaphore = Semaphore::const_new(1);

/// The drafts [`extract`] reads in `text`, read on a blocking thread in its turn.
pub async fn drafts_of(text: String, held_on: Option<NaiveDate>) -> Vec<Draft> {
    // The semaphore is never closed: the turn is always given.
    let _turn = READING.acquire().await;
    match tokio::task::spawn_blocking(move || extract(&text, held_on)).await {
        Ok(drafts) => drafts,
        // A panic of the extractor reaches the request as if it had run there.
        Err(failed) if failed.is_panic() => std::panic::resume_unwind(failed.into_panic()),
        // The runtime is shutting down.
        Err(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    /// On a runtime of one thread, a request served while a long text is read is not held up
    /// by it: the reading runs elsewhere.
    #[tokio::test(flavor = "current_thread")]
    async fn a_long_text_is_read_off_the_threads_that_serve_requests() {
        let text = "Giao Sở Y tế kiểm tra an toàn thực phẩm. ".repeat(300);
        let reading = tokio::spawn(drafts_of(text, None));
        tokio::pin!(reading);
        tokio::select! {
            biased;
            _ = &mut reading => panic!("the reading held the only thread until it was done"),
            () = tokio::time::sleep(Duration::from_millis(20)) => {}
        }
        let drafts = reading.await.expect("the reading ends");
        assert!(!drafts.is_empty());
        assert_eq!(drafts[0].lead, ["Sở Y tế"]);
    }

    /// While one text is being read, another waits for its turn, then is read.
    #[tokio::test]
    async fn a_text_waits_while_another_is_read() {
        let turn = READING.acquire().await.expect("the turn is given");
        let waiting = tokio::spawn(drafts_of(
            "Giao Sở Y tế kiểm tra an toàn thực phẩm.".into(),
            None,
        ));
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(!waiting.is_finished(), "the text was read out of its turn");
        drop(turn);
        let drafts = waiting.await.expect("the reading ends");
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].lead, ["Sở Y tế"]);
    }
}
