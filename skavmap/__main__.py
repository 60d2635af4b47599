from skavmap.cli import main

main()
