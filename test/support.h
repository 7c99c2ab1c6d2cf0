// Everything tests share, in one include: fixtures and a seeded store (support/fixtures.h), the
// real server on a free port and a gate to line requests up in it (support/test_server.h), checks
// of replies (support/http_checks.h), the API called without a socket (support/api_harness.h),
// reading state back through the API (support/desk_reads.h), the database file through a
// connection of its own (support/snapshot.h), staff accounts and tokens (support/accounts.h),
// child processes of the real binary (support/child.h), raw sockets (support/raw_socket.h),
// bounded waits (support/timing.h) and the matching assistant's base pair (support/matching.h).
#pragma once

#include "support/accounts.h"
#include "support/api_harness.h"
#include "support/child.h"
#include "support/desk_reads.h"
#include "support/fixtures.h"
#include "support/http_checks.h"
#include "support/matching.h"
#include "support/raw_socket.h"
#include "support/snapshot.h"
#include "support/test_server.h"
#include "support/timing.h"
