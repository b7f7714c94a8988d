/** The PostgreSQL tables of shared work and the rate budget (docs/decisions/shared-work.md). */
export const WORK_SCHEMA = `
  CREATE TABLE work_items (
    kind        TEXT COLLATE "C" NOT NULL,
    key         TEXT COLLATE "C" NOT NULL,
    grp         TEXT COLLATE "C" NOT NULL,   -- one open row per group is claimable: the smallest key
    due_at      BIGINT NOT NULL,             -- ms; not claimable before
    done        BOOLEAN NOT NULL DEFAULT false,
    settled_at  BIGINT,                      -- ms; when it was settled done
    owner       TEXT,
    lease_until BIGINT,                      -- ms; the owner's claim ends here unless renewed
    PRIMARY KEY (kind, key)
  );
  CREATE INDEX work_items_open ON work_items (kind, due_at, key) WHERE NOT done;
  CREATE INDEX work_items_group ON work_items (kind, grp, key) WHERE NOT done;
  CREATE INDEX work_items_owner ON work_items (owner) WHERE owner IS NOT NULL;

  CREATE TABLE rate_buckets (
    key     TEXT COLLATE "C" PRIMARY KEY,
    tat     DOUBLE PRECISION NOT NULL,       -- theoretical arrival time, in 1/count ms
    idle_at BIGINT NOT NULL                  -- ms; from then on the row may be dropped
  );
`;
