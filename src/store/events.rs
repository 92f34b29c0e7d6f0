//! The append-only event log (triggers in the schema refuse UPDATE and DELETE).

use anyhow::Result;
use rusqlite::params;
use serde_json::Value;

use super::{Store, Tx, now};
use crate::domain::EventKind;

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct Event {
    pub at: String,
    pub kind: EventKind,
    pub actor: Option<String>,
    pub raw_message_id: Option<i64>,
    pub detail: String,
}

impl Store {
    pub async fn add_event(
        tx: &mut Tx,
        kind: EventKind,
        statement_id: Option<i64>,
        raw_message_id: Option<i64>,
        actor: Option<&str>,
        detail: Value,
    ) -> Result<()> {
        tx.prepare_cached(
            "INSERT INTO events (at, kind, statement_id, raw_message_id, actor, detail) VALUES (?, ?, ?, ?, ?, ?)",
        )?
        .execute(params![now(), kind, statement_id, raw_message_id, actor, detail.to_string()])?;
        Ok(())
    }

    /// Same as `add_event`, in a transaction of its own.
    pub async fn log_event(
        &self,
        kind: EventKind,
        statement_id: Option<i64>,
        raw_message_id: Option<i64>,
        detail: Value,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        Self::add_event(&mut tx, kind, statement_id, raw_message_id, None, detail).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn events_of(&self, statement_id: i64) -> Result<Vec<Event>> {
        Ok(sqlx::query_as(
            "SELECT at, kind, actor, raw_message_id, detail FROM events WHERE statement_id = ? ORDER BY id",
        )
        .bind(statement_id)
        .fetch_all(&self.pool)
        .await?)
    }
}
