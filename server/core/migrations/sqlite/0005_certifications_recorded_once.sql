-- A certification (profile, exam, date passed) and an assessment (account, course, date passed)
-- are recorded once, so importing the same provider files again adds nothing; a newer file
-- updates what changed (a title, an expiry date, a score).
DELETE FROM cert_certifications
WHERE id NOT IN (SELECT MIN(id) FROM cert_certifications GROUP BY mcid, exam, passed_on);
CREATE UNIQUE INDEX cert_certifications_once ON cert_certifications (mcid, exam, passed_on);

DELETE FROM university_assessments
WHERE id NOT IN (SELECT MIN(id) FROM university_assessments GROUP BY email, course, passed_on);
CREATE UNIQUE INDEX university_assessments_once ON university_assessments (email, course, passed_on);
