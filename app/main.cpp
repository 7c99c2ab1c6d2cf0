#include "run_app.h"

int main(int argc, char** argv) { return jsms::RunApp(argc, argv); }
