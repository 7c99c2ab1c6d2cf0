// The whole command line of jsms-ops, separate from main so end-to-end tests can call it.
#pragma once

namespace jsms {

// Parses argv (serve by default, or `seed`) and runs it. Returns the process exit status.
int RunApp(int argc, char** argv);

}  // namespace jsms
