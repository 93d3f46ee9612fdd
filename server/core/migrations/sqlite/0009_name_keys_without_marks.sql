-- Name keys lower-case before dropping punctuation, so a capital that lower-cases to a letter
-- and a mark (İ to i and U+0307) keys as the plain letter. Re-key stored names that carry the
-- mark, unless another company of the same country holds that key already.
UPDATE companies
SET name_key = replace(name_key, char(775), '')
WHERE instr(name_key, char(775)) > 0
  AND NOT EXISTS (
    SELECT 1 FROM companies other
    WHERE other.country = companies.country AND other.name_key = replace(companies.name_key, char(775), '')
  );
