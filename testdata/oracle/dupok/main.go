package main

import (
	"e1"
	"e2"
)

func main() { println(e1.Eq([3]string{}, [3]string{}), e2.Eq([3]string{}, [3]string{})) }
