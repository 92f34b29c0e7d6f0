//! Approval requests of outgoing statements and the tokens behind them. A
//! token is stored only as its SHA-256: a leaked database grants nothing.

use anyhow::Result;

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

impl Store {
    pub async fn insert_approval_request(
        tx: &mut Tx,
        statement_id: i64,
        approver: &str,
        role: &str,
        token_sha256: &str,
        expires_at: &str,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO approval_requests (statement_id, approver, role, token_sha256, created_at, expires_at)
             VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(statement_id)
        .bind(approver)
        .bind(role)
        .bind(token_sha256)
        .bind(now())
        .bind(expires_at)
        .fetch_one(&mut **tx)
        .await?)
    }

    pub async fn approval_by_token(tx: &mut Tx, token_sha256: &str) -> Result<Option<ApprovalRow>> {
        let sql = format!("SELECT {COLUMNS} FROM approval_requests WHERE token_sha256 = ?");
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(token_sha256)
            .fetch_optional(&mut **tx)
            .await?)
    }

    pub async fn approvals_of(tx: &mut Tx, statement_id: i64) -> Result<Vec<ApprovalRow>> {
        let sql =
            format!("SELECT {COLUMNS} FROM approval_requests WHERE statement_id = ? ORDER BY id");
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(statement_id)
            .fetch_all(&mut **tx)
            .await?)
    }

    /// Spends a token; false when it was spent already (single use, also under races).
    pub async fn spend_token(tx: &mut Tx, id: i64, decision: Option<&str>) -> Result<bool> {
        let done = sqlx::query("UPDATE approval_requests SET used_at = ?, decision = ? WHERE id = ? AND used_at IS NULL")
            .bind(now())
            .bind(decision)
            .bind(id)
            .execute(&mut **tx)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn statement_state(tx: &mut Tx, statement_id: i64) -> Result<State> {
        Ok(
            sqlx::query_scalar("SELECT state FROM statements WHERE id = ?")
                .bind(statement_id)
                .fetch_one(&mut **tx)
                .await?,
        )
    }

    /// Who approved a statement.
    pub async fn approver_of(tx: &mut Tx, statement_id: i64) -> Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT approver FROM approval_requests WHERE statement_id = ? AND decision = 'approve'",
        )
        .bind(statement_id)
        .fetch_optional(&mut **tx)
        .await?)
    }

    /// Records that a one-off reminder or notice went out; false if it had already.
    pub async fn claim_reminder(tx: &mut Tx, statement_id: i64, kind: &str) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO reminders (statement_id, kind, due_at, sent_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (statement_id, kind) DO NOTHING",
        )
        .bind(statement_id)
        .bind(kind)
        .bind(now())
        .bind(now())
        .execute(&mut **tx)
        .await?;
        Ok(done.rows_affected() == 1)
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
