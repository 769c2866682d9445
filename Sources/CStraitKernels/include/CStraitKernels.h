#pragma once
int strait_kernels_placeholder(void);
