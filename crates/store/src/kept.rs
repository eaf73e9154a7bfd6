//! What a busy server keeps in memory for a moment instead of asking the database on every
//! request: a session found, a user's scope. Each entry lives at most its map's time to live;
//! the map is bounded (emptied when it grows past its limit).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Values by key, each kept for at most `ttl` after it was put.
#[derive(Debug)]
pub struct Kept<K, V> {
    ttl: Duration,
    limit: usize,
    entries: Mutex<HashMap<K, (V, Instant)>>,
}

impl<K: Eq + Hash, V: Clone> Kept<K, V> {
    /// An empty map whose entries live `ttl`, holding at most `limit` of them.
    #[must_use]
    pub fn new(ttl: Duration, limit: usize) -> Self {
        Self { ttl, limit, entries: Mutex::new(HashMap::new()) }
    }

    /// The value kept for `key`, if it is younger than the time to live and `still` holds of it.
    pub fn get(&self, key: &K, still: impl FnOnce(&V) -> bool) -> Option<V> {
        let entries = self.entries.lock().ok()?;
        let (value, at) = entries.get(key)?;
        (at.elapsed() < self.ttl && still(value)).then(|| value.clone())
    }

    /// Keeps `value` for `key` from now.
    pub fn put(&self, key: K, value: V) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= self.limit {
                entries.clear();
            }
            entries.insert(key, (value, Instant::now()));
        }
    }

    /// Forgets `key`.
    pub fn forget(&self, key: &K) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove(key);
        }
    }

    /// Forgets everything.
    pub fn clear(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::Kept;

    #[test]
    fn an_entry_lives_its_time_and_its_condition() {
        let kept = Kept::new(Duration::from_millis(50), 2);
        kept.put("a", 1);
        assert_eq!(kept.get(&"a", |_| true), Some(1));
        assert_eq!(kept.get(&"a", |v| *v > 1), None, "the condition fails");
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(kept.get(&"a", |_| true), None, "too old");
        kept.put("a", 1);
        kept.put("b", 2);
        kept.put("c", 3);
        assert_eq!(kept.get(&"a", |_| true), None, "emptied at its limit");
        assert_eq!(kept.get(&"c", |_| true), Some(3));
        kept.forget(&"c");
        assert_eq!(kept.get(&"c", |_| true), None);
    }
}
