from bot.bench import main

main()
