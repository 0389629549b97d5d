/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RSTGUARD_VERSION
#define RSTGUARD_VERSION "0.1.0"
#endif
