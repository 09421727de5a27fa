//! Column hints trusted per SQL text. A generated reader reads each field at its hint (its place
//! in the model's select order) after checking the column's name there
//! ([`read_column`](super::rows::read_column)); rusqlite's `column_name` costs ~200 instructions
//! a column, 3 % of the bookshelf's pages. An SQL text always yields the same columns, so once
//! one execution of it on this thread found every name at its hint, later executions read by
//! hint alone. The readers of one SQL text are the same generated code each time (restframe's
//! statements name their model's table and columns), so the hints are the same too.

use std::cell::{Cell, RefCell};

use foldhash::HashSet;

/// How [`read_column`](super::rows::read_column) treats its hint on this thread now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// Outside [`reading`]: check every name, record nothing.
    Check,
    /// An execution not yet verified: check, and remember whether any name was checked.
    Recording { checked: bool },
    /// A name was not at its hint in this execution: its SQL is not trusted.
    Mismatched,
    /// An execution of a verified SQL text: use the hints.
    Trusted,
}

/// How many verified SQL texts a thread keeps.
const VERIFIED_PER_THREAD: usize = 1024;

thread_local! {
    static MODE: Cell<Mode> = const { Cell::new(Mode::Check) };
    static VERIFIED: RefCell<HashSet<Box<str>>> = RefCell::new(HashSet::default());
}

/// Runs `read`, one execution of `sql` whose rows are read on this thread: with the hints
/// trusted when an earlier execution of `sql` found every name at its hint, else checking them
/// and remembering `sql` when they all matched.
pub(crate) fn reading<R>(sql: &str, read: impl FnOnce() -> rusqlite::Result<R>) -> rusqlite::Result<R> {
    let trusted = VERIFIED.with(|verified| verified.borrow().contains(sql));
    let outer = MODE.replace(if trusted { Mode::Trusted } else { Mode::Recording { checked: false } });
    let result = read();
    let mode = MODE.replace(outer);
    if result.is_ok() && mode == (Mode::Recording { checked: true }) {
        VERIFIED.with(|verified| {
            let mut verified = verified.borrow_mut();
            if verified.len() >= VERIFIED_PER_THREAD {
                verified.clear();
            }
            verified.insert(sql.into());
        });
    }
    result
}

/// Whether the hint may be used without checking the name.
pub(super) fn trusted() -> bool {
    MODE.get() == Mode::Trusted
}

/// Records a checked hint: `matched` when the name was there.
pub(super) fn checked(matched: bool) {
    let next = match (MODE.get(), matched) {
        (Mode::Recording { .. }, true) => Mode::Recording { checked: true },
        (Mode::Recording { .. }, false) => Mode::Mismatched,
        (mode, _) => mode,
    };
    MODE.set(next);
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::{reading, trusted};
    use crate::sqlite::rows::read_column;

    /// Reads `(a, b)` of every row of `sql`, `a` expected first (hint 0) and `b` second.
    fn read(conn: &Connection, sql: &str) -> (Vec<(i64, String)>, Vec<bool>) {
        let mut trust = Vec::new();
        let rows = reading(sql, || {
            let mut statement = conn.prepare_cached(sql)?;
            let mut rows = statement.query([])?;
            let mut out = Vec::new();
            while let Some(row) = rows.next()? {
                trust.push(trusted());
                out.push((read_column(row, 0, "", "a")?, read_column(row, 1, "", "b")?));
            }
            Ok(out)
        })
        .expect("read");
        (rows, trust)
    }

    #[test]
    fn hints_are_trusted_after_one_execution_matched_them_all() {
        let conn = Connection::open_in_memory().expect("sqlite");
        conn.execute_batch("CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'x'), (2, 'y');")
            .expect("table");
        let expected = vec![(1, "x".to_owned()), (2, "y".to_owned())];
        // In the hinted order: checked once, then trusted.
        assert_eq!(read(&conn, "SELECT a, b FROM t ORDER BY a"), (expected.clone(), vec![false, false]));
        assert_eq!(read(&conn, "SELECT a, b FROM t ORDER BY a"), (expected.clone(), vec![true, true]));
        // Another order: found by name every time, never trusted.
        for _ in 0..2 {
            assert_eq!(read(&conn, "SELECT b, a FROM t ORDER BY a"), (expected.clone(), vec![false, false]));
        }
        // No row read: nothing was checked, nothing is trusted.
        let empty = "SELECT a, b FROM t WHERE a > 5";
        assert_eq!(read(&conn, empty), (vec![], vec![]));
        conn.execute_batch("INSERT INTO t VALUES (6, 'z')").expect("row");
        assert_eq!(read(&conn, empty), (vec![(6, "z".to_owned())], vec![false]));
        // Outside `reading`, names are checked.
        assert!(!trusted());
    }
}
