#ifndef CPCRE2_SHIM_H
#define CPCRE2_SHIM_H
// pcre2.h refuses to compile without a code-unit width; a systemLibrary target
// takes no cSettings, so the shim header is where the width is chosen.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#endif
