import GRDB

/// The catalog's tables. Shipped migrations are frozen: add `catalog-v2-…`, never edit these.
///
/// Every `entities.list` / `items.list` / `inspectors.list` filter has an index; list values (an entity's
/// domains and tags, an item's departments and target kinds, a person's qualifications) live in side tables
/// keyed by value first, so a filter is an index range.
enum Schema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("catalog-v1-departments") { db in
            try db.execute(
                sql: """
                    CREATE TABLE department (
                        code TEXT PRIMARY KEY,
                        name TEXT NOT NULL,
                        level TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        parent TEXT REFERENCES department(code),
                        created_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL
                    );
                    CREATE INDEX department_kind ON department(kind);
                    CREATE INDEX department_level ON department(level);
                    CREATE INDEX department_parent ON department(parent);
                    """)
        }
        migrator.registerMigration("catalog-v1-items") { db in
            try db.execute(
                sql: """
                    CREATE TABLE item (
                        code TEXT PRIMARY KEY,
                        latest_version INTEGER NOT NULL,
                        published_version INTEGER
                    );
                    CREATE TABLE item_version (
                        code TEXT NOT NULL REFERENCES item(code),
                        version INTEGER NOT NULL,
                        status TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        note TEXT,
                        name TEXT NOT NULL,
                        domain TEXT NOT NULL,
                        lead_dept TEXT NOT NULL REFERENCES department(code),
                        cooperating TEXT NOT NULL,
                        content TEXT NOT NULL,
                        targets TEXT NOT NULL,
                        legal_basis TEXT NOT NULL,
                        target_kinds TEXT NOT NULL,
                        industries TEXT NOT NULL,
                        category TEXT NOT NULL,
                        methods TEXT NOT NULL,
                        level TEXT NOT NULL,
                        sampling_ratio REAL,
                        frequency_per_year INTEGER,
                        round INTEGER NOT NULL DEFAULT 0,
                        created_at TEXT NOT NULL,
                        published_at TEXT,
                        PRIMARY KEY (code, version)
                    );
                    CREATE INDEX item_version_domain ON item_version(domain);
                    CREATE INDEX item_version_lead ON item_version(lead_dept);
                    CREATE INDEX item_version_status ON item_version(status);
                    CREATE TABLE item_participant (
                        dept TEXT NOT NULL,
                        code TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        role TEXT NOT NULL,
                        PRIMARY KEY (dept, code, version)
                    ) WITHOUT ROWID;
                    CREATE TABLE item_target_kind (
                        kind TEXT NOT NULL,
                        code TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        PRIMARY KEY (kind, code, version)
                    ) WITHOUT ROWID;
                    CREATE TABLE item_industry (
                        industry TEXT NOT NULL,
                        code TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        PRIMARY KEY (industry, code, version)
                    ) WITHOUT ROWID;
                    CREATE TABLE item_review (
                        code TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        round INTEGER NOT NULL,
                        stage TEXT NOT NULL,
                        dept TEXT NOT NULL,
                        decision TEXT NOT NULL,
                        reason TEXT,
                        user TEXT,
                        at TEXT NOT NULL,
                        PRIMARY KEY (code, version, round, stage, dept)
                    );
                    CREATE TABLE item_history (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        code TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        action TEXT NOT NULL,
                        from_status TEXT,
                        to_status TEXT NOT NULL,
                        dept TEXT,
                        user TEXT,
                        note TEXT,
                        at TEXT NOT NULL
                    );
                    CREATE INDEX item_history_code ON item_history(code, id);
                    """)
        }
        migrator.registerMigration("catalog-v1-entities") { db in
            try db.execute(
                sql: """
                    CREATE TABLE entity (
                        id TEXT PRIMARY KEY,
                        uscc TEXT,
                        uscc_verified INTEGER NOT NULL,
                        name TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        industry TEXT NOT NULL,
                        region TEXT NOT NULL,
                        address TEXT NOT NULL,
                        domains TEXT NOT NULL,
                        tags TEXT NOT NULL,
                        updated_at TEXT NOT NULL
                    ) WITHOUT ROWID;
                    CREATE UNIQUE INDEX entity_uscc ON entity(uscc) WHERE uscc IS NOT NULL;
                    CREATE INDEX entity_industry ON entity(industry, id);
                    CREATE INDEX entity_region ON entity(region, id);
                    CREATE INDEX entity_kind ON entity(kind, id);
                    CREATE TABLE entity_domain (
                        domain TEXT NOT NULL,
                        entity_id TEXT NOT NULL,
                        PRIMARY KEY (domain, entity_id)
                    ) WITHOUT ROWID;
                    CREATE TABLE entity_tag (
                        tag TEXT NOT NULL,
                        entity_id TEXT NOT NULL,
                        PRIMARY KEY (tag, entity_id)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("catalog-v1-entity-industry-region") { db in
            // Industry is mostly filtered together with a region: with both in one index, a filter reads only the
            // matching entries and sorts those, instead of fetching every row of the industry to test its region.
            try db.execute(
                sql: """
                    DROP INDEX entity_industry;
                    CREATE INDEX entity_industry_region ON entity(industry, region, id);
                    """)
        }
        migrator.registerMigration("catalog-v1-people") { db in
            try db.execute(
                sql: """
                    CREATE TABLE person (
                        id TEXT PRIMARY KEY,
                        registry TEXT NOT NULL,
                        dept TEXT NOT NULL REFERENCES department(code),
                        name TEXT NOT NULL,
                        certificate_no TEXT,
                        organisation TEXT,
                        qualifications TEXT NOT NULL,
                        expertise TEXT NOT NULL,
                        conflicts TEXT NOT NULL,
                        active INTEGER NOT NULL,
                        updated_at TEXT NOT NULL
                    ) WITHOUT ROWID;
                    CREATE UNIQUE INDEX person_certificate ON person(registry, certificate_no) WHERE certificate_no IS NOT NULL;
                    CREATE INDEX person_dept ON person(registry, dept, id);
                    CREATE INDEX person_active ON person(registry, active, id);
                    CREATE TABLE person_attribute (
                        facet TEXT NOT NULL,
                        value TEXT NOT NULL,
                        person_id TEXT NOT NULL,
                        PRIMARY KEY (facet, value, person_id)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("catalog-v1-imports") { db in
            try db.execute(
                sql: """
                    CREATE TABLE import_batch (
                        batch_id TEXT PRIMARY KEY,
                        target TEXT NOT NULL,
                        mode TEXT NOT NULL,
                        chunks INTEGER NOT NULL,
                        rows INTEGER NOT NULL,
                        rejected INTEGER NOT NULL,
                        errors TEXT NOT NULL,
                        created_at TEXT NOT NULL
                    );
                    CREATE TABLE import_row (
                        batch_id TEXT NOT NULL,
                        seq INTEGER NOT NULL,
                        payload TEXT NOT NULL,
                        PRIMARY KEY (batch_id, seq)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("catalog-v2-entity-rowid") { db in
            // An entity row is ~200 bytes: clustered on its text id (WITHOUT ROWID) every random insert split wide
            // leaf pages. As a rowid table the rows append and only the narrow id index takes random inserts, and
            // list queries reach rows through integer rowids.
            try db.execute(
                sql: """
                    CREATE TABLE entity_rowid (
                        id TEXT NOT NULL,
                        uscc TEXT,
                        uscc_verified INTEGER NOT NULL,
                        name TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        industry TEXT NOT NULL,
                        region TEXT NOT NULL,
                        address TEXT NOT NULL,
                        domains TEXT NOT NULL,
                        tags TEXT NOT NULL,
                        updated_at TEXT NOT NULL
                    );
                    INSERT INTO entity_rowid SELECT id, uscc, uscc_verified, name, kind, industry, region, address, domains, tags, updated_at
                        FROM entity ORDER BY id;
                    DROP TABLE entity;
                    ALTER TABLE entity_rowid RENAME TO entity;
                    CREATE UNIQUE INDEX entity_id ON entity(id);
                    CREATE UNIQUE INDEX entity_uscc ON entity(uscc) WHERE uscc IS NOT NULL;
                    CREATE INDEX entity_industry_region ON entity(industry, region, id);
                    CREATE INDEX entity_region ON entity(region, id);
                    CREATE INDEX entity_kind ON entity(kind, id);
                    """)
        }
        migrator.registerMigration("catalog-v3-import-batch-lifetime") { db in
            // A chunked import belongs to whoever sent its first chunk and lives while chunks keep coming; a batch
            // that was committed or dropped as abandoned keeps its id as closed, so a late chunk is refused instead
            // of silently starting a new, partial batch. Batches staged before this migration count from their creation.
            try db.execute(
                sql: """
                    ALTER TABLE import_batch ADD COLUMN owner TEXT NOT NULL DEFAULT '';
                    ALTER TABLE import_batch ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
                    UPDATE import_batch SET updated_at = created_at;
                    CREATE INDEX import_batch_updated ON import_batch(updated_at);
                    CREATE TABLE import_batch_closed (
                        batch_id TEXT PRIMARY KEY,
                        reason TEXT NOT NULL,
                        closed_at TEXT NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX import_batch_closed_at ON import_batch_closed(closed_at);
                    """)
        }
        migrator.registerMigration("catalog-v4-import-chunks") { db in
            // A staged chunk is kept as its CSV text and read again at the batch's commit (a row-by-row JSON
            // staging cost more than writing the rows), so the options that change how rows read go with the batch.
            try db.execute(
                sql: """
                    CREATE TABLE import_chunk (
                        batch_id TEXT NOT NULL,
                        chunk INTEGER NOT NULL,
                        csv TEXT NOT NULL,
                        PRIMARY KEY (batch_id, chunk)
                    ) WITHOUT ROWID;
                    ALTER TABLE import_batch ADD COLUMN options TEXT NOT NULL DEFAULT '';
                    """)
        }
        migrator.registerMigration("catalog-v5-person-attribute-by-person") { db in
            // Writing a person replaces its attribute rows by person_id, which the primary key (facet, value,
            // person_id) does not lead with: each write scanned every person's attributes.
            try db.execute(sql: "CREATE INDEX person_attribute_person ON person_attribute(person_id)")
        }
    }
}
