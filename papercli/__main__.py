from papercli.cli import main

main()
