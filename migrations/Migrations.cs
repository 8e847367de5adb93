using FluentMigrator;

namespace Faultline.Migrations;

// The schema's versions, oldest first. To add one: write NNNN_name.sql and NNNN_name.down.sql here and
// a class below with the next version number (the number must match the files' prefix).

[Migration(1, "Apps and their ingest keys")]
public sealed class CreateApps() : SqlFileMigration("0001_create_apps");

[Migration(2, "The event store: daily partitions, rollups, idempotency keys")]
public sealed class CreateEvents() : SqlFileMigration("0002_create_events");

[Migration(3, "The bootstrap operator token's hash")]
public sealed class CreateOperatorToken() : SqlFileMigration("0003_create_operator_token");

[Migration(4, "Operator keys with scopes")]
public sealed class CreateOperatorKeys() : SqlFileMigration("0004_create_operator_keys");

[Migration(5, "Per-app retention")]
public sealed class AddAppRetention() : SqlFileMigration("0005_add_app_retention");

[Migration(6, "Daily message rollup")]
public sealed class CreateMessageCountsDay() : SqlFileMigration("0006_create_message_counts_day");

[Migration(7, "Per-key ingestion rate limit")]
public sealed class AddIngestKeyRateLimit() : SqlFileMigration("0007_add_ingest_key_rate_limit");

[Migration(8, "Product analytics: app descriptions, event metadata and priority, ingestion totals")]
public sealed class AddProductAnalytics() : SqlFileMigration("0008_product_analytics");

[Migration(10, "Error groups kept at ingest")]
public sealed class CreateErrorGroups() : SqlFileMigration("0010_create_error_groups");

[Migration(11, "The group of each event")]
public sealed class AddEventGroup() : SqlFileMigration("0011_add_event_group");

[Migration(13, "Users, the token signing key and sign-in codes")]
public sealed class CreateUsers() : SqlFileMigration("0013_create_users");

[Migration(14, "Apps owned by users")]
public sealed class AddAppOwner() : SqlFileMigration("0014_add_app_owner");

[Migration(15, "Requests made with each ingest key")]
public sealed class AddKeyUsage() : SqlFileMigration("0015_add_key_usage");

[Migration(16, "Request statistics rollups with latency histograms")]
public sealed class CreateRequestStats() : SqlFileMigration("0016_create_request_stats");

[Migration(17, "Saved search filters per tenant")]
public sealed class CreateSavedFilters() : SqlFileMigration("0017_create_saved_filters");

[Migration(18, "Analysis and summary jobs")]
public sealed class CreateJobs() : SqlFileMigration("0018_create_jobs");

[Migration(19, "Anomalies with their baselines")]
public sealed class CreateAnomalies() : SqlFileMigration("0019_create_anomalies");

[Migration(20, "When a resolved error group came back")]
public sealed class AddGroupRegressedAt() : SqlFileMigration("0020_add_group_regressed_at");

[Migration(21, "Anomalies by error group")]
public sealed class AddAnomalyGroupIndex() : SqlFileMigration("0021_add_anomaly_group_index");

[Migration(22, "Indexes for free-text search and occurred_at windows")]
public sealed class CreateSearchIndexes() : SqlFileMigration("0022_create_search_indexes");

[Migration(24, "Error groups' counts updated in place (heap-only updates)")]
public sealed class HotErrorGroupCounts() : SqlFileMigration("0024_hot_error_group_counts");

[Migration(25, "Events' stack, payload and metadata stored as the JSON text they came in")]
public sealed class StoreEventJsonAsSent() : SqlFileMigration("0025_store_event_json_as_sent");

[Migration(26, "Exact hourly digests for the product analytics summary")]
public sealed class CreateAnalyticsDigests() : SqlFileMigration("0026_create_analytics_digests");

[Migration(27, "When each app's analytics were last read, so that only read apps are digested")]
public sealed class CreateAnalyticsLastRead() : SqlFileMigration("0027_create_analytics_last_read");
