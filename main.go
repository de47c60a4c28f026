// Command backers serves the endorsement tracker and manages its data; internal/cli holds its
// commands (serve, import, user, rebuild) and their one configuration parse.
package main

import (
	"os"

	"github.com/backers/backers/internal/cli"
)

func main() { os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
