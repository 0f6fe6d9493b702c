from kimdocs.cli.commands import main

main()
