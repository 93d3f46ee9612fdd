//! The company directory that DUNS lookups search (E-6).

use super::db::{query, query_as, query_scalar};
use super::{Store, StoreResult};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct DirectoryCompany {
    pub duns: String,
    pub legal_name: String,
    pub country: String,
    pub line1: String,
    pub line2: Option<String>,
    pub city: String,
    pub region: Option<String>,
    pub postal_code: String,
}

impl Store {
    pub async fn directory_lookup(&self, duns: &str) -> StoreResult<Option<DirectoryCompany>> {
        Ok(query_as("SELECT * FROM company_directory WHERE duns = $1").bind(duns).fetch_optional(&self.pool).await?)
    }

    /// Whether a company with this DUNS number is enrolled already (E-6: no second enrollment).
    pub async fn duns_enrolled(&self, duns: &str) -> StoreResult<bool> {
        super::enrollment::duns_taken(&self.pool, duns).await
    }

    pub async fn directory_count(&self) -> StoreResult<i64> {
        Ok(query_scalar("SELECT COUNT(*) FROM company_directory").fetch_one(&self.pool).await?)
    }

    /// Adds directory entries, keeping any that exist. Returns how many were new.
    pub async fn directory_insert(&self, companies: &[DirectoryCompany]) -> StoreResult<u64> {
        let mut tx = self.begin_write().await?;
        let mut added = 0;
        for c in companies {
            added += query(
                "INSERT INTO company_directory
                 (duns, legal_name, country, line1, line2, city, region, postal_code)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
            )
            .bind(&c.duns)
            .bind(&c.legal_name)
            .bind(&c.country)
            .bind(&c.line1)
            .bind(&c.line2)
            .bind(&c.city)
            .bind(&c.region)
            .bind(&c.postal_code)
            .execute(&mut tx)
            .await?
            .rows_affected();
        }
        tx.commit().await?;
        Ok(added)
    }
}
