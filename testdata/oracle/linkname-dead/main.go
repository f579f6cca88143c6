package main

import _ "unsafe"

//go:linkname tickspersecond runtime.tickspersecond
func tickspersecond() int64

// Unused is never called.
func Unused() int64 { return tickspersecond() }

func main() { println(1) }
