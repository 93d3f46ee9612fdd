//! The built-in certification provider's tables (profiles, certifications, Partner University
//! accounts, assessments) and their seed. Credentials are checked in `provider`.

use super::db::{query, query_as, query_scalar};
use super::{Store, StoreResult};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct CertProfile {
    /// Empty for a Partner University account.
    pub mcid: String,
    pub email: String,
    pub full_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Certification {
    pub exam: String,
    pub title: String,
    pub passed_on: String,
    pub expires_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Assessment {
    pub course: String,
    pub passed_on: String,
    pub score: i64,
}

/// Provider data to load: profiles and accounts carry their argon2 hashes.
#[derive(Debug, Clone, Default)]
pub struct ProviderSeed {
    pub profiles: Vec<(CertProfile, String)>,
    pub certifications: Vec<(String, Certification)>,
    pub university: Vec<(CertProfile, String)>,
    pub assessments: Vec<(String, Assessment)>,
}

impl Store {
    pub async fn cert_profile_by_email(&self, email: &str) -> StoreResult<Option<(CertProfile, String)>> {
        let row: Option<(String, String, String, String)> =
            query_as("SELECT mcid, email, full_name, password_hash FROM cert_profiles WHERE email = $1").bind(email).fetch_optional(&self.pool).await?;
        Ok(row.map(|(mcid, email, full_name, hash)| (CertProfile { mcid, email, full_name }, hash)))
    }

    pub async fn cert_profile(&self, mcid: &str) -> StoreResult<Option<CertProfile>> {
        Ok(query_as("SELECT mcid, email, full_name FROM cert_profiles WHERE mcid = $1").bind(mcid).fetch_optional(&self.pool).await?)
    }

    pub async fn university_account_by_email(&self, email: &str) -> StoreResult<Option<(CertProfile, String)>> {
        let row: Option<(String, String, String)> =
            query_as("SELECT email, full_name, password_hash FROM university_accounts WHERE email = $1").bind(email).fetch_optional(&self.pool).await?;
        Ok(row.map(|(email, full_name, hash)| (CertProfile { mcid: String::new(), email, full_name }, hash)))
    }

    pub async fn certifications(&self, mcid: &str) -> StoreResult<Vec<Certification>> {
        Ok(query_as("SELECT exam, title, passed_on, expires_on FROM cert_certifications WHERE mcid = $1 ORDER BY passed_on DESC, exam")
            .bind(mcid)
            .fetch_all(&self.pool)
            .await?)
    }

    pub async fn assessments(&self, email: &str) -> StoreResult<Vec<Assessment>> {
        Ok(query_as("SELECT course, passed_on, score FROM university_assessments WHERE email = $1 ORDER BY passed_on DESC, course")
            .bind(email)
            .fetch_all(&self.pool)
            .await?)
    }

    pub async fn cert_profile_count(&self) -> StoreResult<i64> {
        Ok(query_scalar("SELECT COUNT(*) FROM cert_profiles").fetch_one(&self.pool).await?)
    }

    /// Adds provider data; profiles and accounts already present (by MCID or address) are kept,
    /// a certification or assessment already recorded is updated, never added twice.
    pub async fn load_provider(&self, seed: &ProviderSeed) -> StoreResult<u64> {
        let mut tx = self.begin_write().await?;
        let mut added = 0;
        for (p, hash) in &seed.profiles {
            added += query("INSERT INTO cert_profiles (mcid, email, full_name, password_hash) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
                .bind(&p.mcid)
                .bind(&p.email)
                .bind(&p.full_name)
                .bind(hash)
                .execute(&mut tx)
                .await?
                .rows_affected();
        }
        for (mcid, c) in &seed.certifications {
            query(
                "INSERT INTO cert_certifications (mcid, exam, title, passed_on, expires_on) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (mcid, exam, passed_on) DO UPDATE SET title = excluded.title, expires_on = excluded.expires_on",
            )
            .bind(mcid)
            .bind(&c.exam)
            .bind(&c.title)
            .bind(&c.passed_on)
            .bind(&c.expires_on)
            .execute(&mut tx)
            .await?;
        }
        for (a, hash) in &seed.university {
            query("INSERT INTO university_accounts (email, full_name, password_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                .bind(&a.email)
                .bind(&a.full_name)
                .bind(hash)
                .execute(&mut tx)
                .await?;
        }
        for (email, a) in &seed.assessments {
            query(
                "INSERT INTO university_assessments (email, course, passed_on, score) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (email, course, passed_on) DO UPDATE SET score = excluded.score",
            )
            .bind(email)
            .bind(&a.course)
            .bind(&a.passed_on)
            .bind(a.score)
            .execute(&mut tx)
            .await?;
        }
        tx.commit().await?;
        Ok(added)
    }
}
