//! Snapshots written off the request path: a write whose batch crosses a multiple of the
//! snapshot interval hands a copy of the provider (cloned under the provider's lock, the only
//! time writers of that provider wait for it) to this worker thread, which serialises it and
//! stores it after the request was answered.
//!
//! A snapshot is only a cache (a load is the latest snapshot plus `apply` of the events after
//! it, and the store keeps a snapshot only when it is newer than the one there), so one lost in a
//! crash costs a longer tail at the next load, nothing else. Copies waiting for the worker are
//! coalesced per provider (the newest wins). [`Snapshots::flush`] waits until every copy handed
//! over is stored; a graceful stop flushes.

use std::collections::HashMap;
use std::sync::{Arc, mpsc};

use mspkit::Provider;

use crate::store::EventStore;

enum Job {
    Save { key: String, version: u64, provider: Box<Provider> },
    Flush(mpsc::SyncSender<()>),
}

/// The snapshot worker and the channel to it.
#[derive(Debug)]
pub(crate) struct Snapshots {
    jobs: Option<mpsc::Sender<Job>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Snapshots {
    /// Starts the worker storing into `store` (without a thread, snapshots are written in the
    /// caller: a service that cannot start a thread still works).
    pub(crate) fn start(worker: Arc<dyn EventStore>) -> Self {
        let (jobs, queue) = mpsc::channel::<Job>();
        match std::thread::Builder::new()
            .name("mspkit-snapshots".to_owned())
            .spawn(move || serve(worker.as_ref(), &queue))
        {
            Ok(thread) => Self { jobs: Some(jobs), thread: Some(thread) },
            Err(e) => {
                tracing::warn!(error = %e, "cannot start the snapshot writer; snapshots are written in the request");
                Self { jobs: None, thread: None }
            }
        }
    }

    /// Hands `provider` at `version` over to be stored as the snapshot of `key`; `store` is used
    /// directly when there is no worker.
    pub(crate) fn save(&self, store: &dyn EventStore, key: String, version: u64, provider: Provider) {
        let job = Job::Save { key, version, provider: Box::new(provider) };
        let job = match &self.jobs {
            Some(jobs) => match jobs.send(job) {
                Ok(()) => return,
                Err(mpsc::SendError(job)) => job,
            },
            None => job,
        };
        if let Job::Save { key, version, provider } = job {
            write(store, &key, version, &provider);
        }
    }

    /// Waits until every snapshot handed over so far is stored.
    pub(crate) fn flush(&self) {
        let Some(jobs) = &self.jobs else { return };
        let (done, wait) = mpsc::sync_channel(1);
        if jobs.send(Job::Flush(done)).is_ok() {
            let _ = wait.recv();
        }
    }
}

impl Drop for Snapshots {
    fn drop(&mut self) {
        // closing the channel ends the thread once it has stored the copies it holds
        drop(self.jobs.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn write(store: &dyn EventStore, key: &str, version: u64, provider: &Provider) {
    let stored = crate::domain::provider_document(provider)
        .map_err(|e| e.message)
        .and_then(|document| store.save_snapshot(key, version, &document).map_err(|e| e.to_string()));
    if let Err(error) = stored {
        // the log is whole; the next load applies a longer tail
        tracing::warn!(provider = %key, version, %error, "snapshot not stored");
    }
}

/// The worker's loop: takes every job waiting, keeps the newest copy of each provider, stores
/// them, then answers the flushes among them.
fn serve(store: &dyn EventStore, queue: &mpsc::Receiver<Job>) {
    while let Ok(first) = queue.recv() {
        let mut newest: HashMap<String, (u64, Box<Provider>)> = HashMap::new();
        let mut flushes = Vec::new();
        let mut next = Some(first);
        while let Some(job) = next {
            match job {
                Job::Save { key, version, provider } => {
                    if newest.get(&key).is_none_or(|(v, _)| *v < version) {
                        newest.insert(key, (version, provider));
                    }
                }
                Job::Flush(done) => flushes.push(done),
            }
            next = queue.try_recv().ok();
        }
        for (key, (version, provider)) in newest {
            write(store, &key, version, &provider);
        }
        for done in flushes {
            let _ = done.send(());
        }
    }
}
