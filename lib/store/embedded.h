// Files compiled into the binary at build time (cmake/embed.cmake): the schema and the demo data.
#pragma once

namespace jsms {

// The text of schema.sql.
const char* SchemaSql();

// The text of fixtures/demo.json, loaded by `jsms-ops seed` when no fixture file is named.
const char* DemoFixture();

}  // namespace jsms
