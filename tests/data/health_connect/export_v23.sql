-- A small Health Connect export database, shaped like health_connect_export.db as observed
-- (PRAGMA user_version 23, late 2026): internal table names, epoch-millisecond times, zone
-- offsets in seconds, 16-byte uuids, app ids pointing into application_info_table.
-- Not a Google-documented format; see docs/imports.md.
PRAGMA user_version = 23;
CREATE TABLE application_info_table (row_id INTEGER PRIMARY KEY AUTOINCREMENT, package_name TEXT NOT NULL UNIQUE, app_name TEXT, app_icon BLOB, color_hex TEXT, record_types_used TEXT);
INSERT INTO application_info_table VALUES (1, 'com.google.android.apps.fitness', 'Fit', NULL, NULL, NULL);
INSERT INTO application_info_table VALUES (2, 'com.sec.android.app.shealth', 'Samsung Health', NULL, NULL, NULL);
INSERT INTO application_info_table VALUES (3, 'com.flo.health', 'Flo', NULL, NULL, NULL);
CREATE TABLE device_info_table (row_id INTEGER PRIMARY KEY AUTOINCREMENT, manufacturer TEXT, model TEXT, device_type INTEGER);
INSERT INTO device_info_table VALUES (1, 'Google', 'Pixel Watch 2', 1);
CREATE TABLE sleep_session_record_table (row_id INTEGER PRIMARY KEY AUTOINCREMENT, uuid BLOB NOT NULL UNIQUE, last_modified_time INTEGER NOT NULL, client_record_id TEXT, client_record_version TEXT, device_info_id INTEGER, app_info_id INTEGER, recording_method INTEGER, dedupe_hash BLOB UNIQUE, start_time INTEGER NOT NULL, start_zone_offset INTEGER, end_time INTEGER NOT NULL, end_zone_offset INTEGER, local_date INTEGER, notes TEXT, title TEXT);
-- 2026-03-01 23:10 +01:00 → 2026-03-02 06:50 +01:00 (with stages)
INSERT INTO sleep_session_record_table VALUES (1, X'0f1e2d3c4b5a69788796a5b4c3d2e1f0', 1772436000000, NULL, NULL, 1, 1, 2, NULL, 1772403000000, 3600, 1772430600000, 3600, 20513, NULL, NULL);
-- 2026-03-02 23:30 +01:00 → 2026-03-03 06:00 +01:00 (no stages: asleep throughout)
INSERT INTO sleep_session_record_table VALUES (2, X'1f1e2d3c4b5a69788796a5b4c3d2e1f0', 1772520000000, NULL, NULL, NULL, 2, 3, NULL, 1772490600000, 3600, 1772514000000, 3600, 20514, NULL, NULL);
CREATE TABLE sleep_stages_table (row_id INTEGER PRIMARY KEY AUTOINCREMENT, parent_key INTEGER NOT NULL, stage_start_time INTEGER NOT NULL, stage_end_time INTEGER NOT NULL, stage_type INTEGER NOT NULL, FOREIGN KEY (parent_key) REFERENCES sleep_session_record_table(row_id) ON DELETE CASCADE);
INSERT INTO sleep_stages_table VALUES (1, 1, 1772403000000, 1772404800000, 1);
INSERT INTO sleep_stages_table VALUES (2, 1, 1772404800000, 1772413800000, 4);
INSERT INTO sleep_stages_table VALUES (3, 1, 1772413800000, 1772419200000, 5);
INSERT INTO sleep_stages_table VALUES (4, 1, 1772419200000, 1772426400000, 6);
INSERT INTO sleep_stages_table VALUES (5, 1, 1772426400000, 1772430600000, 4);
CREATE TABLE exercise_session_record_table (row_id INTEGER PRIMARY KEY AUTOINCREMENT, uuid BLOB NOT NULL UNIQUE, last_modified_time INTEGER NOT NULL, client_record_id TEXT, client_record_version TEXT, device_info_id INTEGER, app_info_id INTEGER, recording_method INTEGER, dedupe_hash BLOB UNIQUE, start_time INTEGER NOT NULL, start_zone_offset INTEGER, end_time INTEGER NOT NULL, end_zone_offset INTEGER, local_date INTEGER, notes TEXT, exercise_type INTEGER NOT NULL, title TEXT, has_route INTEGER, planned_exercise_session_id BLOB);
-- 2026-03-02 18:00–18:45 +01:00 running; 2026-03-04 07:00–07:30 +01:00 yoga titled by the app
INSERT INTO exercise_session_record_table VALUES (1, X'2f1e2d3c4b5a69788796a5b4c3d2e1f0', 1772474700000, NULL, NULL, 1, 1, 2, NULL, 1772470800000, 3600, 1772473500000, 3600, 20514, NULL, 56, NULL, 0, NULL);
INSERT INTO exercise_session_record_table VALUES (2, X'3f1e2d3c4b5a69788796a5b4c3d2e1f0', 1772607000000, NULL, NULL, NULL, 2, 3, NULL, 1772604000000, 3600, 1772605800000, 3600, 20516, NULL, 83, 'Morning flow', 0, NULL);
CREATE TABLE menstruation_flow_record_table (row_id INTEGER PRIMARY KEY AUTOINCREMENT, uuid BLOB NOT NULL UNIQUE, last_modified_time INTEGER NOT NULL, client_record_id TEXT, client_record_version TEXT, device_info_id INTEGER, app_info_id INTEGER, recording_method INTEGER, dedupe_hash BLOB UNIQUE, time INTEGER NOT NULL, zone_offset INTEGER, local_date INTEGER, flow INTEGER);
-- 2026-03-03, 2026-03-04, 2026-03-05 at 09:00 +01:00
INSERT INTO menstruation_flow_record_table VALUES (1, X'4f1e2d3c4b5a69788796a5b4c3d2e1f0', 1772528400000, NULL, NULL, NULL, 3, 3, NULL, 1772524800000, 3600, 20515, 2);
INSERT INTO menstruation_flow_record_table VALUES (2, X'5f1e2d3c4b5a69788796a5b4c3d2e1f0', 1772614800000, NULL, NULL, NULL, 3, 3, NULL, 1772611200000, 3600, 20516, 3);
INSERT INTO menstruation_flow_record_table VALUES (3, X'6f1e2d3c4b5a69788796a5b4c3d2e1f0', 1772701200000, NULL, NULL, NULL, 3, 3, NULL, 1772697600000, 3600, 20517, 1);
CREATE TABLE menstruation_period_record_table (row_id INTEGER PRIMARY KEY AUTOINCREMENT, uuid BLOB NOT NULL UNIQUE, last_modified_time INTEGER NOT NULL, client_record_id TEXT, client_record_version TEXT, device_info_id INTEGER, app_info_id INTEGER, recording_method INTEGER, dedupe_hash BLOB UNIQUE, start_time INTEGER NOT NULL, start_zone_offset INTEGER, end_time INTEGER NOT NULL, end_zone_offset INTEGER, local_date INTEGER);
-- the same period as a span 2026-03-03 00:00 → 2026-03-05 23:59 +01:00
INSERT INTO menstruation_period_record_table VALUES (1, X'7f1e2d3c4b5a69788796a5b4c3d2e1f0', 1772701200000, NULL, NULL, NULL, 3, 3, NULL, 1772492400000, 3600, 1772751540000, 3600, 20515);
CREATE TABLE hydration_record_table (row_id INTEGER PRIMARY KEY AUTOINCREMENT, uuid BLOB NOT NULL UNIQUE, last_modified_time INTEGER NOT NULL, client_record_id TEXT, client_record_version TEXT, device_info_id INTEGER, app_info_id INTEGER, recording_method INTEGER, dedupe_hash BLOB UNIQUE, start_time INTEGER NOT NULL, start_zone_offset INTEGER, end_time INTEGER NOT NULL, end_zone_offset INTEGER, local_date INTEGER, volume REAL NOT NULL);
-- 0.5 l at 2026-03-02 10:00 +01:00; 0.25 l at 2026-03-02 15:00 (no offset recorded)
INSERT INTO hydration_record_table VALUES (1, X'8f1e2d3c4b5a69788796a5b4c3d2e1f0', 1772442000000, NULL, NULL, NULL, 2, 3, NULL, 1772442000000, 3600, 1772442060000, 3600, 20514, 0.5);
INSERT INTO hydration_record_table VALUES (2, X'9f1e2d3c4b5a69788796a5b4c3d2e1f0', 1772460000000, NULL, NULL, NULL, 2, 3, NULL, 1772460000000, NULL, 1772460060000, NULL, 20514, 0.25);
CREATE TABLE nutrition_record_table (row_id INTEGER PRIMARY KEY AUTOINCREMENT, uuid BLOB NOT NULL UNIQUE, last_modified_time INTEGER NOT NULL, client_record_id TEXT, client_record_version TEXT, device_info_id INTEGER, app_info_id INTEGER, recording_method INTEGER, dedupe_hash BLOB UNIQUE, start_time INTEGER NOT NULL, start_zone_offset INTEGER, end_time INTEGER NOT NULL, end_zone_offset INTEGER, local_date INTEGER, name TEXT, meal_type INTEGER, energy REAL, protein REAL, total_carbohydrate REAL, total_fat REAL, dietary_fiber REAL, caffeine REAL, sugar REAL);
-- breakfast 2026-03-02 08:15 +01:00: 0.13 g caffeine, 3.2 g fiber; lunch: fiber only
INSERT INTO nutrition_record_table VALUES (1, X'af1e2d3c4b5a69788796a5b4c3d2e1f0', 1772436000000, NULL, NULL, NULL, 2, 3, NULL, 1772435700000, 3600, 1772436600000, 3600, 20514, 'Porridge and flat white', 1, 330000.0, 12.0, 55.0, 9.0, 3.2, 0.13, 14.0);
INSERT INTO nutrition_record_table VALUES (2, X'bf1e2d3c4b5a69788796a5b4c3d2e1f0', 1772450000000, NULL, NULL, NULL, 2, 3, NULL, 1772449200000, 3600, 1772451000000, 3600, 20514, 'Lentil soup', 2, 260000.0, 18.0, 40.0, 6.0, 9.5, NULL, 6.0);
CREATE TABLE mindfulness_session_record_table (row_id INTEGER PRIMARY KEY AUTOINCREMENT, uuid BLOB NOT NULL UNIQUE, last_modified_time INTEGER NOT NULL, client_record_id TEXT, client_record_version TEXT, device_info_id INTEGER, app_info_id INTEGER, recording_method INTEGER, dedupe_hash BLOB UNIQUE, start_time INTEGER NOT NULL, start_zone_offset INTEGER, end_time INTEGER NOT NULL, end_zone_offset INTEGER, local_date INTEGER, mindfulness_session_type INTEGER, title TEXT, notes TEXT);
INSERT INTO mindfulness_session_record_table VALUES (1, X'cf1e2d3c4b5a69788796a5b4c3d2e1f0', 1772482000000, NULL, NULL, NULL, 1, 3, NULL, 1772481600000, 3600, 1772482500000, 3600, 20514, 1, NULL, NULL);
CREATE TABLE steps_record_table (row_id INTEGER PRIMARY KEY AUTOINCREMENT, uuid BLOB NOT NULL UNIQUE, last_modified_time INTEGER NOT NULL, client_record_id TEXT, client_record_version TEXT, device_info_id INTEGER, app_info_id INTEGER, recording_method INTEGER, dedupe_hash BLOB UNIQUE, start_time INTEGER NOT NULL, start_zone_offset INTEGER, end_time INTEGER NOT NULL, end_zone_offset INTEGER, local_date INTEGER, count INTEGER NOT NULL);
INSERT INTO steps_record_table VALUES (1, X'df1e2d3c4b5a69788796a5b4c3d2e1f0', 1772436000000, NULL, NULL, 1, 1, 2, NULL, 1772431200000, 3600, 1772434800000, 3600, 20514, 1840);
