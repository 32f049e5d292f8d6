from radkla.cli import main

main()
