package main

import (
	"d1"
	"d2"
)

func main() { println(d1.Use() + d2.Use()) }
