from kimdocs.cli.entry import main

main()
