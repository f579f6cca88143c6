package main

import "cpkg"

func main() { println(cpkg.G()) }
