#include "textflag.h"

// func Double(x int64) int64
TEXT ·Double(SB), NOSPLIT, $0-16
	MOVQ x+0(FP), AX
	ADDQ AX, AX
	MOVQ AX, ret+8(FP)
	RET
