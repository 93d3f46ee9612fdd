-- A person's active link, found without reading the company's: the skills report asks it for
-- every person with Partner University access only (without it, a company with 100,000
-- linked people took minutes).
CREATE INDEX links_user ON links (user_id) WHERE ended_at IS NULL;
