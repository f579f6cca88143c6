// Package linkname pulls a runtime symbol and pushes one of its own.
package linkname

import (
	_ "unsafe" // for go:linkname
)

//go:linkname nanotime runtime.nanotime
func nanotime() int64

// Now pulls runtime.nanotime.
func Now() int64 { return nanotime() }

// pushed is exported to other packages under its own full name.
//
//go:linkname pushed example.com/m/linkname.pushed
func pushed() int { return 42 }

// Use keeps pushed alive.
func Use() int { return pushed() }
