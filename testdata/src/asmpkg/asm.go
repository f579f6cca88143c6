// Package asmpkg has an assembly function (ABI0) called from Go.
package asmpkg

// Double is implemented in assembly.
func Double(x int64) int64

// Quad calls the assembly function.
func Quad(x int64) int64 { return Double(Double(x)) }
