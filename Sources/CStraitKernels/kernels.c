int strait_kernels_placeholder(void) { return 0; }
