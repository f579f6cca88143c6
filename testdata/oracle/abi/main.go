package main

import (
	"apkg"
	"bpkg"
)

func main() { println(apkg.CallF(), bpkg.F()) }
