// Package cli is the backers command line: `backers [serve]` serves the site (creating and
// seeding the database on first start); `backers import FILE.csv`, `backers user add` and
// `backers rebuild [-check]` manage its data. Every command reads its settings through one
// parse (parseConfig), so -db and BACKERS_DB mean the same everywhere.
package cli

import (
	"fmt"
	"io"
	"slices"
)

// streams are a command's standard input and outputs, handed in so tests can run commands.
type streams struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// command is one subcommand: its name, a line for `backers help`, and what it runs.
type command struct {
	name, summary string
	run           func(std streams, args []string) int
}

// commands lists the subcommands; serve is also what a bare `backers` runs.
func commands() []command {
	return []command{
		{"serve", "serve the site (the default): backers [serve] [-addr :3000] [-db FILE] ...", serveCommand},
		{"import", "load endorsement events from a CSV file: backers import [-db FILE] [-dry-run] FILE.csv", importCommand},
		{"user", "add an admin or editor: backers user add -email E -role admin|editor [-password-stdin] [-db FILE]", userCommand},
		{"rebuild", "recompute (or -check) the derived rows from the event log: backers rebuild [-db FILE] [-check]", rebuildCommand},
	}
}

// Run runs the command line args (without the program name) and returns the exit status: 0
// for success, 1 for a failure, 2 for a usage mistake.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	std := streams{stdin: stdin, stdout: stdout, stderr: stderr}
	cmds := commands()
	if len(args) > 0 {
		if args[0] == "help" || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
			fmt.Fprintln(stdout, "usage: backers [command] [flags]; commands:")
			for _, c := range cmds {
				fmt.Fprintf(stdout, "  %-7s %s\n", c.name, c.summary)
			}
			return 0
		}
		if i := slices.IndexFunc(cmds, func(c command) bool { return c.name == args[0] }); i >= 0 {
			return cmds[i].run(std, args[1:])
		}
	}
	return serveCommand(std, args) // flags with no command: serve, as `backers -addr :8080` always did
}
