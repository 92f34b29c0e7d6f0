//! Approval requests of outgoing statements and the tokens behind them. A
//! token is stored only as its SHA-256: a leaked database grants nothing.

use anyhow::Result;

use rusqlite::{OptionalExtension, params};

use super::{Store, Tx, now};
use crate::domain::State;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApprovalRow {
    pub id: i64,
    pub statement_id: i64,
    pub approver: String,
    /// The role approving (`ad:sec`, `ietf-chair`, ...), or `submitter` for the withdraw token.
    pub role: String,
    pub expires_at: String,
    pub used_at: Option<String>,
    pub decision: Option<String>,
}

const COLUMNS: &str = "id, statement_id, approver, role, expires_at, used_at, decision";

impl ApprovalRow {
    /// The row as the writer's connection reads it, columns in `COLUMNS` order.
    fn direct(r: &rusqlite::Row<'_>) -> rusqlite::Result<ApprovalRow> {
        Ok(ApprovalRow {
            id: r.get(0)?,
            statement_id: r.get(1)?,
            approver: r.get(2)?,
            role: r.get(3)?,
            expires_at: r.get(4)?,
            used_at: r.get(5)?,
            decision: r.get(6)?,
        })
    }
}

impl Store {
    pub async fn insert_approval_request(
        tx: &mut Tx,
        statement_id: i64,
        approver: &str,
        role: &str,
        token_sha256: &str,
        expires_at: &str,
    ) -> Result<i64> {
        let id = tx
            .prepare_cached(
                "INSERT INTO approval_requests (statement_id, approver, role, token_sha256, created_at, expires_at)
                 VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            )?
            .query_row(
                params![statement_id, approver, role, token_sha256, now(), expires_at],
                |r| r.get(0),
            )?;
        Ok(id)
    }

    pub async fn approval_by_token(tx: &mut Tx, token_sha256: &str) -> Result<Option<ApprovalRow>> {
        let sql = format!("SELECT {COLUMNS} FROM approval_requests WHERE token_sha256 = ?");
        Ok(tx
            .prepare_cached(&sql)?
            .query_row(params![token_sha256], ApprovalRow::direct)
            .optional()?)
    }

    pub async fn approvals_of(tx: &mut Tx, statement_id: i64) -> Result<Vec<ApprovalRow>> {
        let sql =
            format!("SELECT {COLUMNS} FROM approval_requests WHERE statement_id = ? ORDER BY id");
        Ok(tx
            .prepare_cached(&sql)?
            .query_map(params![statement_id], ApprovalRow::direct)?
            .collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Spends a token; false when it was spent already (single use, also under races).
    pub async fn spend_token(tx: &mut Tx, id: i64, decision: Option<&str>) -> Result<bool> {
        let done = tx
            .prepare_cached(
                "UPDATE approval_requests SET used_at = ?, decision = ? WHERE id = ? AND used_at IS NULL",
            )?
            .execute(params![now(), decision, id])?;
        Ok(done == 1)
    }

    pub async fn statement_state(tx: &mut Tx, statement_id: i64) -> Result<State> {
        Ok(tx
            .prepare_cached("SELECT state FROM statements WHERE id = ?")?
            .query_row(params![statement_id], |r| r.get(0))?)
    }

    /// Who approved a statement.
    pub async fn approver_of(tx: &mut Tx, statement_id: i64) -> Result<Option<String>> {
        Ok(tx
            .prepare_cached(
                "SELECT approver FROM approval_requests WHERE statement_id = ? AND decision = 'approve'",
            )?
            .query_row(params![statement_id], |r| r.get(0))
            .optional()?)
    }

    /// Records that a one-off reminder or notice went out; false if it had already.
    pub async fn claim_reminder(tx: &mut Tx, statement_id: i64, kind: &str) -> Result<bool> {
        let done = tx
            .prepare_cached(
                "INSERT INTO reminders (statement_id, kind, due_at, sent_at) VALUES (?, ?, ?, ?)
                 ON CONFLICT (statement_id, kind) DO NOTHING",
            )?
            .execute(params![statement_id, kind, now(), now()])?;
        Ok(done == 1)
    }

    /// Outgoing statements still waiting for approval, with their expiry (the latest token's).
    pub async fn pending_approvals(&self) -> Result<Vec<(i64, String)>> {
        Ok(sqlx::query_as(
            "SELECT s.id, MAX(a.expires_at) FROM statements s JOIN approval_requests a ON a.statement_id = s.id
             WHERE s.state = 'pending_approval' AND a.role != 'submitter' GROUP BY s.id",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// Relayed statements whose relay mail went out, for the "it was sent" notices.
    pub async fn sent_relays(&self) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT s.id FROM statements s JOIN outbox o ON o.statement_id = s.id AND o.purpose = 'relay'
             WHERE o.state = 'sent' AND s.state = 'approved'",
        )
        .fetch_all(&self.pool)
        .await?)
    }
}
