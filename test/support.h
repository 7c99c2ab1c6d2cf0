// Everything tests share, in one include: fixtures and a seeded store (support/fixtures.h), the
// real server on a free port and a gate to line requests up in it (support/test_server.h), checks
// of replies (support/http_checks.h), the API called without a socket (support/api_harness.h),
// reading state back through the API (support/desk_reads.h), database images for "nothing
// changed" (support/snapshot.h), child processes of the real binary (support/child.h) and raw
// sockets (support/raw_socket.h).
#pragma once

#include "support/api_harness.h"
#include "support/child.h"
#include "support/desk_reads.h"
#include "support/fixtures.h"
#include "support/http_checks.h"
#include "support/raw_socket.h"
#include "support/snapshot.h"
#include "support/test_server.h"
