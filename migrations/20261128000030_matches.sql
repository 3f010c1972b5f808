-- Matchmaking (SPEC 7, audience fit): read models of the `matches` projection, which scores
-- every (advertiser, show) pair of a tenant with the domain's `matching::audience_fit`.

-- The projection's own copy of the catalog profiles it scores, one row per show or
-- advertiser. It does not read rm_shows / rm_advertisers: those belong to the `catalog`
-- projection and move at its own checkpoint, so a show created just after an advertiser
-- could be scored before the catalog had applied the advertiser (and nothing would score
-- the pair later), and a rebuild replaying old events would meet today's catalog. With its
-- own copy, written in the same transaction as the scores, the result is the same whatever
-- the timing. `version` is the entry's aggregate version: an older event never replaces a
-- newer profile (a retried parked event is applied after the ones that followed it).
CREATE TABLE rm_match_profiles (
    tenant_id text   NOT NULL,
    kind      text   NOT NULL CHECK (kind IN ('show', 'advertiser')),
    id        text   NOT NULL,
    version   bigint NOT NULL,
    profile   jsonb  NOT NULL,
    PRIMARY KEY (tenant_id, kind, id)
);

-- One row per advertiser and show of a tenant: the fit with its parts, or why the show is
-- excluded (then the score and its parts are NULL). `show_name` is copied so that the
-- ranking (score descending, then show name) is one index range. `over_budget` lists the
-- placements whose rate-card CPM is over the advertiser's max CPM, in episode order.
CREATE TABLE rm_matches (
    tenant_id     text     NOT NULL,
    advertiser_id text     NOT NULL,
    show_id       text     NOT NULL,
    show_name     text     NOT NULL,
    score         smallint CHECK (score BETWEEN 0 AND 100),
    category      float8,
    demo          float8,
    geo           float8,
    over_budget   text[]   NOT NULL DEFAULT '{}',
    -- 'blocked_category': the show's block list holds the advertiser's category.
    excluded      text,
    PRIMARY KEY (tenant_id, advertiser_id, show_id),
    CHECK ((excluded IS NULL) = (score IS NOT NULL AND category IS NOT NULL
                                 AND demo IS NOT NULL AND geo IS NOT NULL))
);
-- An advertiser's best-fitting shows: the first rows of this index, in answer order.
CREATE INDEX rm_matches_ranked
    ON rm_matches (tenant_id, advertiser_id, score DESC, show_name, show_id)
    WHERE excluded IS NULL;
-- The shows excluded for an advertiser, by name (few rows: only exclusions are indexed).
CREATE INDEX rm_matches_excluded
    ON rm_matches (tenant_id, advertiser_id, show_name, show_id)
    WHERE excluded IS NOT NULL;
-- Writes go by the primary key (a show change rewrites one row per advertiser).
